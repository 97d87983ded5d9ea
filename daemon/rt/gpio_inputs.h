/* SPDX-License-Identifier: MIT */
/*
 * Operator inputs (pedals, drop sensors, e-stop copies) read straight from
 * GPIO lines through libgpiod (v1 API), for tables wired without a Modbus
 * I/O module.  [io] source = gpio in omtd.conf names the chip (name, label,
 * number or /dev path) and each input's line (by name or offset, with its
 * polarity); inputs not wired are left out.
 *
 * All wired lines are requested together as inputs, so one read is one
 * ioctl and the control loop never allocates for it.
 */
#ifndef OMTD_GPIO_INPUTS_H
#define OMTD_GPIO_INPUTS_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

struct gpio_inputs;

/*
 * Open the chip and request the configured lines as inputs, consumer
 * "omtd".  Returns NULL with a message in err (no such chip, no such line,
 * line busy, no input wired at all).
 */
struct gpio_inputs *gpio_inputs_open(const struct omtd_io_config *io,
				     char *err, size_t errlen);

void gpio_inputs_close(struct gpio_inputs *gpio);

/*
 * Read every wired line: bit N of *bits is enum omt_io_input N, 1 when
 * asserted (polarity applied).  Returns 0 or a negative errno; *bits is
 * untouched on error.
 */
int gpio_inputs_read(struct gpio_inputs *gpio, uint32_t *bits);

#endif /* OMTD_GPIO_INPUTS_H */
