// SPDX-License-Identifier: MIT
/*
 * The journal's line for a control event, with its structured fields
 * (OMT_FAULT=, OMT_AXIS=): the same whether the bus service drains the
 * events or omtd runs without it.
 */
#include <stdio.h>

#include "control_port.h"
#include "log.h"

void omt_event_journal(const struct omt_event *ev)
{
	char code[64], fault_field[80], axis_field[48];

	snprintf(axis_field, sizeof(axis_field), "OMT_AXIS=%s",
		 omt_axis_name(ev->axis));
	switch (ev->kind) {
	case OMT_EV_FAULT_RAISED:
		omt_fault_code(ev->fault, ev->axis, code, sizeof(code));
		snprintf(fault_field, sizeof(fault_field), "OMT_FAULT=%s", code);
		omt_log(LOG_ERR, ev->axis < OMT_AXIS_COUNT ? axis_field : NULL,
			fault_field, "fault %s: %s", code, ev->message);
		break;
	case OMT_EV_FAULT_CLEARED:
		omt_fault_code(ev->fault, ev->axis, code, sizeof(code));
		snprintf(fault_field, sizeof(fault_field), "OMT_FAULT=%s", code);
		omt_log(LOG_NOTICE, NULL, fault_field, "fault %s cleared", code);
		break;
	case OMT_EV_DROP_FIRED:
		omt_log(LOG_INFO, axis_field, NULL, "drop section %s fired",
			omt_axis_name(ev->axis));
		break;
	case OMT_EV_LOG:
		omt_log(LOG_INFO, NULL, NULL, "%s", ev->message);
		break;
	default:
		break;
	}
}
