// SPDX-License-Identifier: MIT
/* The core's axis output as a class drive's intent (drive_intent.h). */
#include <string.h>

#include "drive_intent.h"

void drive_intent_from_output(const struct omt_axis_output *o,
			      bool wire_enable, struct drive_intent *out)
{
	memset(out, 0, sizeof(*out));
	out->enable = wire_enable;
	out->quick_stop = o->quick_stop;
	out->fault_reset = o->fault_reset;
	out->setpoint = o->setpoint;
	out->move = wire_enable && o->move && !o->quick_stop;
	if (out->move) {
		out->target = o->target;
		out->speed = o->speed;
	}
}

bool drive_intent_same(const struct drive_intent *x,
		       const struct drive_intent *y)
{
	if (x->enable != y->enable || x->move != y->move ||
	    x->quick_stop != y->quick_stop || x->fault_reset != y->fault_reset)
		return false;
	return !x->move || (x->target == y->target && x->speed == y->speed);
}
