// SPDX-License-Identifier: MIT
/* The I/O module's input names, shared by omtd's config and omt-sim's
 * control socket. */
#include "omt_io_map.h"
#include "omt_name_table.h"

static const char *const input_names[OMT_IN_COUNT] = {
	[OMT_IN_PEDAL_HEIGHT_UP] = "pedal-height-up",
	[OMT_IN_PEDAL_HEIGHT_DOWN] = "pedal-height-down",
	[OMT_IN_PEDAL_TILT_UP] = "pedal-tilt-up",
	[OMT_IN_PEDAL_TILT_DOWN] = "pedal-tilt-down",
	[OMT_IN_PEDAL_ENABLE_A] = "pedal-enable-a",
	[OMT_IN_PEDAL_ENABLE_B] = "pedal-enable-b",
	[OMT_IN_PEDAL_ARM_DROPS] = "pedal-arm-drops",
	[OMT_IN_PEDAL_PRESET] = "pedal-preset",
	[OMT_IN_DROP_FIRED_CERVICAL] = "drop-fired-cervical",
	[OMT_IN_DROP_FIRED_THORACIC] = "drop-fired-thoracic",
	[OMT_IN_DROP_FIRED_LUMBAR] = "drop-fired-lumbar",
	[OMT_IN_DROP_FIRED_PELVIC] = "drop-fired-pelvic",
	[OMT_IN_ESTOP_A] = "estop-a",
	[OMT_IN_ESTOP_B] = "estop-b",
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
