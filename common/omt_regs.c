// SPDX-License-Identifier: MIT
/* The words of profile omt-generic-1's coded register values (omt_regs.h). */
#include "omt_regs.h"
#include "omt_name_table.h"

#define OMT_REGS_WORD(name, word) word,
#define OMT_REGS_KIND_WORD(name, kind, word) [kind] = word,

static const char *const status_bit_names[OMT_STATUS_NAMED] = {
	OMT_STATUS_BIT_LIST(OMT_REGS_WORD)
};
static const char *const drive_fault_names[OMT_DRIVE_FAULT_COUNT] = {
	OMT_DRIVE_FAULT_LIST(OMT_REGS_WORD)
};
static const char *const axis_kind_names[] = {
	OMT_AXIS_KIND_LIST(OMT_REGS_KIND_WORD)
};

const char *omt_status_bit_name(unsigned int bit)
{
	return bit < OMT_STATUS_NAMED ? status_bit_names[bit] : NULL;
}

const char *omt_drive_fault_name(unsigned int code)
{
	return omt_name_at(drive_fault_names, OMT_DRIVE_FAULT_COUNT, code);
}

const char *omt_axis_kind_name(unsigned int kind)
{
	return omt_name_at(axis_kind_names,
			   OMT_NAME_TABLE_SIZE(axis_kind_names), kind);
}
