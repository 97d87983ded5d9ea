// SPDX-License-Identifier: MIT
/* The I/O module's input names, shared by omtd's config and omt-sim's
 * control socket. */
#include <string.h>

#include "omt_io_map.h"

const char *omt_io_input_name(enum omt_io_input in)
{
	static const char *const names[OMT_IN_COUNT] = {
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

	if ((unsigned int)in < OMT_IN_COUNT)
		return names[in];
	return "unknown";
}

enum omt_io_input omt_io_input_from_name(const char *name)
{
	for (unsigned int i = 0; i < OMT_IN_COUNT; i++)
		if (name && strcmp(name, omt_io_input_name((enum omt_io_input)i)) == 0)
			return (enum omt_io_input)i;
	return OMT_IN_COUNT;
}
