/* SPDX-License-Identifier: MIT */
/*
 * The org.omt.Table1 D-Bus service: the daemon's only public face.
 *
 * It runs on the main thread's sd-event loop, validates arguments that need
 * no state, checks the caller's credentials, and hands every decision to
 * the control thread through control_port.h; the method replies when the
 * control thread's OMT_EV_REPLY arrives.  It never blocks the control
 * thread.  It also owns the preset store in config->state_dir.
 *
 * Usage from main():
 *
 *	struct omt_bus *bus;
 *	r = omt_bus_start(event, control, &config, &bus);   // after the
 *	...                                                 // control thread
 *	sd_event_loop(event);                               // runs
 *	omt_bus_free(bus);                                  // before the
 *	                                                    // control stops
 *
 * omt_bus_start() connects to the system bus (DBUS_SYSTEM_BUS_ADDRESS is
 * honoured), registers the object, subscribes to the control thread's
 * event fd, and requests the name org.omt.Table1 last, so a client that
 * sees the name can use the whole API at once.
 */
#ifndef OMT_BUS_H
#define OMT_BUS_H

#include <systemd/sd-event.h>

struct omt_control;
struct omtd_config;
struct omt_bus;

#define OMT_BUS_NAME "org.omt.Table1"
#define OMT_BUS_PATH "/org/omt/Table1"
#define OMT_BUS_INTERFACE "org.omt.Table1"
#define OMT_BUS_DIAG_INTERFACE "org.omt.Table1.Diagnostics"

/*
 * Returns 0 or a negative errno (the bus is unreachable, the name is taken,
 * the state directory cannot be read).  config must outlive the bus.
 */
int omt_bus_start(sd_event *event, struct omt_control *control,
		  const struct omtd_config *config, struct omt_bus **out);

/* Releases the name and every pending call.  NULL is accepted. */
void omt_bus_free(struct omt_bus *bus);

#endif /* OMT_BUS_H */
