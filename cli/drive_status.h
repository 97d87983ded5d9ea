/* SPDX-License-Identifier: MIT */
/*
 * A drive's raw STATUS and FAULT_CODE registers (profile omt-generic-1)
 * in words, and the unit an axis moves in: for diag axes.
 */
#ifndef OMTCTL_DRIVE_STATUS_H
#define OMTCTL_DRIVE_STATUS_H

#include <stddef.h>
#include <stdint.h>

/* The STATUS bits 0..9, by name. */
#define OMTCTL_STATUS_BITS 10
extern const char *const omtctl_status_bit_names[OMTCTL_STATUS_BITS];

/*
 * "ready,enabled,in-position" for the bits set ("-" for none; a bit
 * the profile does not define as "bit12").  Returns the length, or -1
 * when it did not fit (the text is then cut).
 */
int omtctl_status_words(uint16_t status, char *out, size_t size);

/* "overcurrent" for FAULT_CODE 1, ...; "none" for 0; "unknown" past 7. */
const char *omtctl_drive_fault_name(uint16_t code);

/* "deg" for tilt, "mm" for height and the drop sections. */
const char *omtctl_axis_unit(const char *axis);

#endif /* OMTCTL_DRIVE_STATUS_H */
