/* SPDX-License-Identifier: MIT */
/*
 * A drive's raw STATUS and FAULT_CODE registers (profile omt-generic-1)
 * in words, and the unit an axis moves in: for diag axes.
 */
#ifndef OMTCTL_DRIVE_STATUS_H
#define OMTCTL_DRIVE_STATUS_H

#include <stddef.h>
#include <stdint.h>

/*
 * One STATUS bit in words: its name (omt_regs.h), or "bit12", written in
 * other, for a bit the profile does not define.
 */
#define OMTCTL_STATUS_BIT_WORD 8
const char *omtctl_status_bit_word(unsigned int bit,
				   char other[OMTCTL_STATUS_BIT_WORD]);

/*
 * "ready,enabled,in-position" for the bits set ("-" for none; a bit
 * the profile does not define as "bit12").  Returns the length, or -1
 * when it did not fit (the text is then cut).
 */
int omtctl_status_words(uint16_t status, char *out, size_t size);

/* FAULT_CODE in words: omt_drive_fault_name() of omt_regs.h. */

/* "deg" for tilt, "mm" for height and the drop sections. */
const char *omtctl_axis_unit(const char *axis);

#endif /* OMTCTL_DRIVE_STATUS_H */
