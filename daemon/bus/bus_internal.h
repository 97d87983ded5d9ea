/* SPDX-License-Identifier: MIT */
/*
 * Private to the bus service (bus*.c): the service's state and the helpers
 * its files share.  Nothing outside daemon/bus*.c includes this.
 */
#ifndef OMT_BUS_INTERNAL_H
#define OMT_BUS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "bus.h"
#include "credentials.h"
#include "store.h"
#include "table_logic.h"

/* How long a method waits for the control thread before giving up. */
#define OMT_BUS_REPLY_TIMEOUT_US (2 * 1000 * 1000ULL)
/* Height and Tilt change signals while moving: at most 20 per second. */
#define OMT_BUS_POSITION_PERIOD_US (50 * 1000ULL)
/* Position changes smaller than the drives' resolution are not news. */
#define OMT_BUS_POSITION_EPSILON 0.005

/* A method call waiting for the control thread's OMT_EV_REPLY. */
struct omt_pending_call {
	struct omt_pending_call *next;
	uint64_t cookie;
	sd_bus_message *call;
	sd_event_source *timeout;
	bool replies_motion_id;     /* MoveTo and RecallPreset return (u) */
	bool replies_registers;     /* ReadRegisters returns (aq) */
	struct omt_command command; /* what was asked, for the audit trail */
	struct omt_bus *bus;
};

/* A bus peer that has started motion; it is tracked until it leaves. */
struct omt_owner {
	struct omt_owner *next;
	uint32_t id;
	char *unique_name;
	sd_bus_track *track;
	bool gone_unsent;           /* OWNER_GONE not yet queued (ring full) */
	struct omt_bus *bus;
};

/* What the last PropertiesChanged told the world. */
struct omt_published {
	bool valid;
	enum omt_table_state state;
	bool locked;
	double height, tilt;
	unsigned int n_faults;
	struct omt_active_fault faults[OMT_MAX_ACTIVE_FAULTS];
	enum omt_drop_state drop[OMT_DROP_SECTIONS];
	uint32_t drop_tension[OMT_DROP_SECTIONS];
	uint8_t verify[OMT_AXIS_COUNT];
	uint16_t verify_detail[OMT_AXIS_COUNT];
	char serial[OMT_AXIS_COUNT][OMT_DRIVE_TEXT_MAX + 1];
	uint8_t named_fault[OMT_AXIS_COUNT];
	char firmware[OMT_AXIS_COUNT][OMT_DRIVE_TEXT_MAX + 1];
};

struct omt_bus {
	sd_bus *bus;
	sd_event *event;
	struct omt_control *control;
	const struct omtd_config *config;
	struct omt_rights_groups groups;

	sd_event_source *control_events;
	sd_event_source *position_timer;
	sd_bus_slot *table_vtable;
	sd_bus_slot *diag_vtable;

	uint64_t next_cookie;
	struct omt_pending_call *pending;
	uint32_t next_owner_id;
	struct omt_owner *owners;

	struct omt_preset_set presets;
	struct omt_published published;
	/* The last FaultRaised message of each fault (axis OMT_AXIS_COUNT:
	 * table-wide), for FaultMessages. */
	char fault_message[OMT_FAULT_KIND_COUNT][OMT_AXIS_COUNT + 1]
			  [OMT_EVENT_MESSAGE_MAX];

	/* Diagnostics (bus_diag*.c). */
	struct omt_event_log event_log;
	bool logged_valid;          /* what the log last said of these */
	bool logged_locked, logged_estop;
	/*
	 * Who unlocked the table last ("uid 1000 (:1.42)", "the pedal
	 * gesture"): a pedal names nobody, so the audit record of a pedal
	 * motion names the session it happened in.
	 */
	char unlocked_by[64];
	struct omt_bus_trace *trace;    /* the Trace call in progress, or NULL */
};

extern const sd_bus_vtable omt_bus_table_vtable[];
extern const sd_bus_vtable omt_bus_diag_vtable[];

/*
 * bus_auth.c: fails the call with AccessDenied unless its caller holds
 * what omt_permission_needed() says the method needs.
 */
int omt_bus_authorize(struct omt_bus *bus, sd_bus_message *call,
		      sd_bus_error *error);
/* The caller's rights, from the credentials the bus daemon vouches for. */
int omt_bus_caller_rights(struct omt_bus *bus, sd_bus_message *call,
			  enum omt_permission *rights);

/*
 * bus_pending.c: queue a command and keep the call until its reply.  On a
 * full ring the call fails with Busy and nothing changed.
 */
int omt_bus_submit_and_wait(struct omt_bus *bus, sd_bus_message *call,
			    struct omt_command *command,
			    bool replies_motion_id, sd_bus_error *error);
/* The same for a ReadRegisters call: the reply carries the registers. */
int omt_bus_submit_and_wait_registers(struct omt_bus *bus,
				      sd_bus_message *call,
				      struct omt_command *command,
				      sd_bus_error *error);
void omt_bus_complete(struct omt_bus *bus, const struct omt_event *event);
void omt_bus_pending_free_all(struct omt_bus *bus);
/* Maps a refusal onto the contract's error name and a sentence. */
int omt_bus_set_result_error(sd_bus_error *error, enum omt_cmd_result result);

/* bus_diag_log.c: the event log in state_dir, fed from drained events. */
void omt_bus_log_open(struct omt_bus *bus);
void omt_bus_log_event(struct omt_bus *bus, const struct omt_event *event);
void omt_bus_log_close(struct omt_bus *bus);
int omt_bus_diag_event_log(sd_bus_message *call, void *userdata,
			   sd_bus_error *error);

/* bus_diag_registers.c: ReadRegisters, WriteRegister. */
int omt_bus_diag_read_registers(sd_bus_message *call, void *userdata,
				sd_bus_error *error);
int omt_bus_diag_write_register(sd_bus_message *call, void *userdata,
				sd_bus_error *error);

/* bus_diag_trace.c: Trace, and moving records off the control thread. */
int omt_bus_diag_trace(sd_bus_message *call, void *userdata,
		       sd_bus_error *error);
void omt_bus_trace_drain(struct omt_bus *bus);
void omt_bus_trace_free(struct omt_bus *bus);

/* bus_methods.c: range check, track the caller, start the motion. */
int omt_bus_start_motion(struct omt_bus *bus, sd_bus_message *call,
			 struct omt_command *cmd, sd_bus_error *error);

/* bus_presets.c: the preset methods. */
int omt_bus_recall_preset(sd_bus_message *call, void *userdata,
			  sd_bus_error *error);
int omt_bus_save_preset(sd_bus_message *call, void *userdata,
			sd_bus_error *error);
int omt_bus_save_preset_with_options(sd_bus_message *call, void *userdata,
				     sd_bus_error *error);
int omt_bus_rename_preset(sd_bus_message *call, void *userdata,
			  sd_bus_error *error);
int omt_bus_delete_preset(sd_bus_message *call, void *userdata,
			  sd_bus_error *error);
int omt_bus_get_preset(sd_bus_message *call, void *userdata,
		       sd_bus_error *error);
/* Append one preset as an a{sv}. */
int omt_bus_append_preset(sd_bus_message *m, const struct omt_preset *p);

/*
 * bus_diag_log.c: an event-log record of what a caller did, naming it by
 * uid and unique bus name (the audit trail).
 */
void omt_bus_log_caller(struct omt_bus *bus, sd_bus_message *call,
			const char *kind, const char *format, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * bus_diag_log.c: the audit record of a command the controller accepted:
 * what, and who asked (uid, bus name).
 */
void omt_bus_log_accepted(struct omt_bus *bus, sd_bus_message *call,
			  const struct omt_command *command,
			  const struct omt_event *reply);

/* bus_owners.c: the owner id of the call's sender, tracking it. */
int omt_bus_owner_of(struct omt_bus *bus, const char *sender, uint32_t *id);
/* The owner id of sender if it is tracked already, else 0. */
uint32_t omt_bus_known_owner(struct omt_bus *bus, const char *sender);
void omt_bus_owners_retry(struct omt_bus *bus);
void omt_bus_owners_free_all(struct omt_bus *bus);

/* bus_properties.c */
int omt_bus_get_property(sd_bus *sdbus, const char *path,
			 const char *interface, const char *property,
			 sd_bus_message *reply, void *userdata,
			 sd_bus_error *error);
void omt_bus_publish_changes(struct omt_bus *bus, bool positions_too);
int omt_bus_emit_presets_changed(struct omt_bus *bus);
/* Remember a raised fault's message; what FaultMessages shows for it. */
void omt_bus_note_fault(struct omt_bus *bus, const struct omt_event *event);
const char *omt_bus_fault_message(const struct omt_bus *bus,
				  const struct omt_active_fault *fault);

/* bus_limits.c: the travel limits presets and MoveTo must respect. */
void omt_bus_limits(const struct omt_bus *bus,
		    struct omt_preset_limits *limits);
/* Whether a drop section is configured on this table. */
bool omt_bus_section_present(const struct omt_bus *bus, enum omt_axis axis);

#endif /* OMT_BUS_INTERNAL_H */
