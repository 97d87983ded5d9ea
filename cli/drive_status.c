// SPDX-License-Identifier: MIT
/* The register profile's status bits and fault codes, in words. */
#include <stdio.h>
#include <string.h>

#include "drive_status.h"

const char *const omtctl_status_bit_names[OMTCTL_STATUS_BITS] = {
	"ready", "enabled", "moving", "in-position", "fault", "limit-low",
	"limit-high", "homed", "obstruction", "comms-timeout",
};

int omtctl_status_words(uint16_t status, char *out, size_t size)
{
	size_t used = 0;
	char bit[8];
	int n;

	if (size == 0)
		return -1;
	out[0] = '\0';
	if (status == 0)
		return snprintf(out, size, "-") < (int)size ? 1 : -1;
	for (unsigned int i = 0; i < 16; i++) {
		const char *name = bit;

		if (!(status & (1u << i)))
			continue;
		if (i < OMTCTL_STATUS_BITS)
			name = omtctl_status_bit_names[i];
		else
			snprintf(bit, sizeof(bit), "bit%u", i);
		n = snprintf(out + used, size - used, "%s%s", used ? "," : "",
			     name);
		if (n < 0 || (size_t)n >= size - used)
			return -1;
		used += (size_t)n;
	}
	return (int)used;
}

const char *omtctl_drive_fault_name(uint16_t code)
{
	static const char *const names[] = {
		"none", "overcurrent", "overtemperature", "following-error",
		"comms-watchdog", "limit", "encoder", "supply",
	};

	return code < sizeof(names) / sizeof(names[0]) ? names[code] :
							 "unknown";
}

const char *omtctl_axis_unit(const char *axis)
{
	return strcmp(axis, "tilt") == 0 ? "deg" : "mm";
}
