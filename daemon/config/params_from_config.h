/* SPDX-License-Identifier: MIT */
/*
 * From omtd.conf to the control core's parameters: the one place where the
 * configuration's vocabulary (struct omtd_config) is translated into the
 * pure logic's (struct omt_table_params).  Pure: no I/O, no allocation.
 */
#ifndef OMTD_PARAMS_FROM_CONFIG_H
#define OMTD_PARAMS_FROM_CONFIG_H

#include <stddef.h>

#include "config.h"
#include "table_logic.h"

/*
 * Fill *params from a loaded, validated config: start from the core's
 * defaults and apply every configured value (period, soft limits, speeds,
 * slow and pinch zones, watchdog thresholds, pedal wiring, duty cycle,
 * drop geometry, combination rules).  Returns 0, or -1 with a message in
 * err when the result is not usable by the core (the core's own check);
 * *params is then unspecified and must not be used.
 */
int omtd_params_from_config(const struct omtd_config *config,
			    struct omt_table_params *params, char *err,
			    size_t errlen);

#endif /* OMTD_PARAMS_FROM_CONFIG_H */
