/* SPDX-License-Identifier: MIT */
/* omtctl's side of the D-Bus conversation with omtd. */
#ifndef OMTCTL_CLIENT_H
#define OMTCTL_CLIENT_H

#include <systemd/sd-bus.h>

#include "status.h"

#define OMTCTL_BUS_NAME "org.omt.Table1"
#define OMTCTL_BUS_PATH "/org/omt/Table1"
#define OMTCTL_BUS_INTERFACE "org.omt.Table1"
#define OMTCTL_DIAG_INTERFACE "org.omt.Table1.Diagnostics"

/*
 * Open the system bus (DBUS_SYSTEM_BUS_ADDRESS is honoured).  Returns 0, or
 * an exit code after telling the user why.
 */
int omtctl_connect(sd_bus **bus);

/*
 * Report a failed call on stderr (a sentence, then the daemon's detail)
 * and return its exit code.  r is the negative errno of the failure.
 */
int omtctl_report(const sd_bus_error *error, int r, const char *doing);

/* Read every Table1 property.  Returns 0 or a negative errno. */
int omtctl_get_status(sd_bus *bus, struct omtctl_status *status,
		      sd_bus_error *error);

/*
 * Add each drive's serial number and firmware version (the Diagnostics
 * DriveIdentities property) to status->drives; a drive the property does
 * not name, or a text that is not printable ASCII of at most 16
 * characters, stays unknown ("").  Returns 0 or a negative errno (e.g.
 * an older omtd without the property); every drive is then unknown.
 */
int omtctl_get_drive_identities(sd_bus *bus, struct omtctl_status *status,
				sd_bus_error *error);

/*
 * Add the fault each drive of a newer class names (the Diagnostics
 * DriveFaults property) to status->drives; a drive it does not name
 * (omt-generic-1, or an older omtd) keeps "".  0 or a negative errno.
 */
int omtctl_get_drive_faults(sd_bus *bus, struct omtctl_status *status,
			    sd_bus_error *error);

/* Read the Table1 properties from a GetAll or PropertiesChanged a{sv}. */
int omtctl_read_properties(sd_bus_message *m, struct omtctl_status *status);

#endif /* OMTCTL_CLIENT_H */
