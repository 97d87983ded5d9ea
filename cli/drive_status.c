// SPDX-License-Identifier: MIT
/* The register profile's status bits and fault codes, in words. */
#include <stdio.h>
#include <string.h>

#include "drive_status.h"
#include "omt_regs.h"

const char *omtctl_status_bit_word(unsigned int bit,
				   char other[OMTCTL_STATUS_BIT_WORD])
{
	const char *name = omt_status_bit_name(bit);

	if (name)
		return name;
	snprintf(other, OMTCTL_STATUS_BIT_WORD, "bit%u", bit);
	return other;
}

int omtctl_status_words(uint16_t status, char *out, size_t size)
{
	size_t used = 0;
	char bit[OMTCTL_STATUS_BIT_WORD];
	int n;

	if (size == 0)
		return -1;
	out[0] = '\0';
	if (status == 0)
		return snprintf(out, size, "-") < (int)size ? 1 : -1;
	for (unsigned int i = 0; i < 16; i++) {
		if (!(status & (1u << i)))
			continue;
		n = snprintf(out + used, size - used, "%s%s", used ? "," : "",
			     omtctl_status_bit_word(i, bit));
		if (n < 0 || (size_t)n >= size - used)
			return -1;
		used += (size_t)n;
	}
	return (int)used;
}

const char *omtctl_axis_unit(const char *axis)
{
	return strcmp(axis, "tilt") == 0 ? "deg" : "mm";
}
