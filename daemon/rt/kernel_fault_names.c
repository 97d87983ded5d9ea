// SPDX-License-Identifier: MIT
/* The kernel interlock's fault bits by name (see kernel_fault_names.h). */
#include <stdio.h>

#include <uapi/omt_table.h>

#include "kernel_fault_names.h"

const char *kernel_fault_name(uint32_t bit)
{
	switch (bit) {
	case OMT_TABLE_FAULT_ESTOP:
		return "estop";
	case OMT_TABLE_FAULT_ESTOP_DISAGREE:
		return "estop-disagree";
	case OMT_TABLE_FAULT_WATCHDOG:
		return "watchdog";
	case OMT_TABLE_FAULT_OBSTRUCTION:
		return "obstruction";
	case OMT_TABLE_FAULT_SUSPEND:
		return "suspend";
	default:
		return NULL;
	}
}

char *kernel_fault_names(uint32_t faults, char *buf, size_t len)
{
	size_t used = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (faults == 0) {
		snprintf(buf, len, "none");
		return buf;
	}
	for (unsigned int i = 0; i < 32; i++) {
		uint32_t bit = UINT32_C(1) << i;
		const char *name = kernel_fault_name(bit);
		int n;

		if (!(faults & bit))
			continue;
		if (name)
			n = snprintf(buf + used, len - used, "%s%s",
				     used ? "," : "", name);
		else
			n = snprintf(buf + used, len - used, "%s0x%x",
				     used ? "," : "", (unsigned int)bit);
		if (n < 0 || (size_t)n >= len - used) {
			buf[used] = '\0';      /* whole names only */
			break;
		}
		used += (size_t)n;
	}
	return buf;
}
