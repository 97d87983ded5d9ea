/* SPDX-License-Identifier: MIT */
/*
 * RS-485 driver-enable by the kernel: the UART raises RTS for exactly as
 * long as it sends (TIOCSRS485), which user space cannot time reliably.
 */
#ifndef OMTD_LINK_RS485_H
#define OMTD_LINK_RS485_H

#include <stddef.h>

#include "link.h"

enum link_rs485_result {
	LINK_RS485_APPLIED = 0,
	LINK_RS485_NOT_REQUESTED,       /* rs485 = off */
	LINK_RS485_UNSUPPORTED,         /* the port has no kernel RS-485 */
	LINK_RS485_FAILED,              /* another error; see err */
};

/*
 * Put the serial port fd into kernel RS-485 mode with the configured RTS
 * delays.  err explains anything other than APPLIED.
 */
enum link_rs485_result link_rs485_apply(int fd,
					const struct link_line_settings *cfg,
					char *err, size_t errlen);

#endif /* OMTD_LINK_RS485_H */
