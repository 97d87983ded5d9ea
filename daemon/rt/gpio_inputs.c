// SPDX-License-Identifier: MIT
/* Operator inputs on GPIO lines through libgpiod v1 (see gpio_inputs.h). */
#include <errno.h>
#include <gpiod.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpio_inputs.h"

#define GPIO_CONSUMER "omtd"
#define LINE_NOT_WIRED (-2)

struct gpio_inputs {
	struct gpiod_chip *chip;
	struct gpiod_line_bulk bulk;
	/* For bulk position i: which input it is and its polarity. */
	enum omt_io_input input[OMT_IN_COUNT];
	bool active_low[OMT_IN_COUNT];
	int values[OMT_IN_COUNT];
};

static struct gpiod_line *find_line(struct gpiod_chip *chip,
				    const struct omtd_io_input *in)
{
	if (in->line_offset >= 0)
		return gpiod_chip_get_line(chip, (unsigned int)in->line_offset);
	return gpiod_chip_find_line(chip, in->line_name);
}

static void describe_line(const struct omtd_io_input *in, char *buf,
			  size_t len)
{
	if (in->line_offset >= 0)
		snprintf(buf, len, "offset %d", (int)in->line_offset);
	else
		snprintf(buf, len, "'%s'", in->line_name);
}

struct gpio_inputs *gpio_inputs_open(const struct omtd_io_config *io,
				     char *err, size_t errlen)
{
	struct gpio_inputs *gpio = calloc(1, sizeof(*gpio));
	char what[OMTD_NAME_MAX + 16];

	if (!gpio) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	gpio->chip = gpiod_chip_open_lookup(io->gpio_chip);
	if (!gpio->chip) {
		snprintf(err, errlen, "GPIO chip '%s': %s", io->gpio_chip,
			 strerror(errno));
		free(gpio);
		return NULL;
	}
	gpiod_line_bulk_init(&gpio->bulk);
	for (int i = 0; i < OMT_IN_COUNT; i++) {
		const struct omtd_io_input *in = &io->input[i];
		struct gpiod_line *line;
		unsigned int n = gpiod_line_bulk_num_lines(&gpio->bulk);

		if (in->line_offset == LINE_NOT_WIRED)
			continue;
		line = find_line(gpio->chip, in);
		if (!line) {
			describe_line(in, what, sizeof(what));
			snprintf(err, errlen, "GPIO chip '%s' has no line %s (input %s)",
				 io->gpio_chip, what,
				 omt_io_input_name((enum omt_io_input)i));
			goto fail;
		}
		gpio->input[n] = (enum omt_io_input)i;
		gpio->active_low[n] = in->active_low;
		gpiod_line_bulk_add(&gpio->bulk, line);
	}
	if (gpiod_line_bulk_num_lines(&gpio->bulk) == 0) {
		snprintf(err, errlen, "[io] source = gpio, but no input is wired");
		goto fail;
	}
	/* Polarity is applied here, not by the kernel, so a diagnostic
	 * reading of the raw line and ours cannot disagree about it. */
	if (gpiod_line_request_bulk_input(&gpio->bulk, GPIO_CONSUMER) != 0) {
		snprintf(err, errlen, "GPIO chip '%s': requesting the input lines: %s",
			 io->gpio_chip, strerror(errno));
		goto fail;
	}
	return gpio;
fail:
	gpiod_chip_close(gpio->chip);
	free(gpio);
	return NULL;
}

void gpio_inputs_close(struct gpio_inputs *gpio)
{
	if (!gpio)
		return;
	gpiod_line_release_bulk(&gpio->bulk);
	gpiod_chip_close(gpio->chip);
	free(gpio);
}

int gpio_inputs_read(struct gpio_inputs *gpio, uint32_t *bits)
{
	unsigned int n = gpiod_line_bulk_num_lines(&gpio->bulk);
	uint32_t out = 0;

	if (gpiod_line_get_value_bulk(&gpio->bulk, gpio->values) != 0)
		return -errno;
	for (unsigned int i = 0; i < n; i++) {
		bool asserted = (gpio->values[i] != 0) != gpio->active_low[i];

		if (asserted)
			out |= 1u << gpio->input[i];
	}
	*bits = out;
	return 0;
}
