/* SPDX-License-Identifier: MIT */
/*
 * The kernel interlock's latched fault bits (OMT_TABLE_FAULT_* in
 * include/uapi/omt_table.h) by name, for omtd's log: "estop",
 * "estop-disagree", "watchdog", "obstruction", "suspend".
 */
#ifndef OMTD_KERNEL_FAULT_NAMES_H
#define OMTD_KERNEL_FAULT_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* The name of one OMT_TABLE_FAULT_* bit, NULL for any other value. */
const char *kernel_fault_name(uint32_t bit);

/*
 * Writes the names of the bits set in faults into buf, separated by ",",
 * in bit order; a bit without a name as "0x..."; "none" for 0.  Always
 * NUL-terminates (when len > 0); a short buf keeps the whole names that
 * fit.  Returns
 * buf.
 */
char *kernel_fault_names(uint32_t faults, char *buf, size_t len);

#endif /* OMTD_KERNEL_FAULT_NAMES_H */
