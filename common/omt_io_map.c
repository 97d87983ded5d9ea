// SPDX-License-Identifier: MIT
/* The I/O module's input names, shared by omtd's config and omt-sim's
 * control socket. */
#include "omt_io_map.h"
#include "omt_name_table.h"

#define OMT_IO_MAP_WORD(name, word) word,
static const char *const input_names[OMT_IN_COUNT] = {
	OMT_IO_INPUT_LIST(OMT_IO_MAP_WORD)
};

const char *omt_io_input_name(enum omt_io_input in)
{
	return omt_name_at(input_names, OMT_IN_COUNT, in);
}

enum omt_io_input omt_io_input_from_name(const char *name)
{
	return (enum omt_io_input)omt_name_index(input_names, OMT_IN_COUNT,
						 name);
}
