/* SPDX-License-Identifier: MIT */
/*
 * What the main thread (bus service, sd-event) may call on the control
 * thread.  Every call here is wait-free for the control thread: it never
 * waits on the main thread, whatever the main thread does.
 */
#ifndef OMT_CONTROL_PORT_H
#define OMT_CONTROL_PORT_H

#include <stdbool.h>

#include "control_api.h"

struct omt_control;

/*
 * Queue a command for the control thread.  Returns false when the command
 * ring is full (the caller answers the bus with a "busy" error; nothing
 * changed).  Its outcome arrives later as an OMT_EV_REPLY with its cookie.
 */
bool omt_control_submit(struct omt_control *control,
			const struct omt_command *command);

/* Copy the latest consistent snapshot the control thread published. */
void omt_control_snapshot(struct omt_control *control,
			  struct omt_snapshot *snapshot);

/* Readable (EPOLLIN) whenever events are waiting; for sd_event_add_io. */
int omt_control_event_fd(struct omt_control *control);

/*
 * Take the next event, oldest first.  Returns false when none is left; the
 * caller drains until then each time the event fd is readable.
 */
bool omt_control_next_event(struct omt_control *control,
			    struct omt_event *event);

/*
 * Take the next trace record (OMT_CMD_TRACE), oldest first; false when
 * none is waiting.  The trace ring is small: a tracing caller drains it
 * every few cycles' worth of time; records it could not hold are counted
 * in omt_control_trace_dropped().
 */
bool omt_control_next_trace(struct omt_control *control,
			    struct omt_trace_record *record);
uint64_t omt_control_trace_dropped(struct omt_control *control);

#endif /* OMT_CONTROL_PORT_H */
