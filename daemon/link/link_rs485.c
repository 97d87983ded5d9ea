// SPDX-License-Identifier: MIT
/* Kernel RS-485 direction control for the RTU link; see link_rs485.h. */
#include <errno.h>
#include <linux/serial.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "link_rs485.h"

enum link_rs485_result link_rs485_apply(int fd,
					const struct link_line_settings *cfg,
					char *err, size_t errlen)
{
	struct serial_rs485 rs485;

	if (cfg->rs485 == LINK_RS485_OFF) {
		snprintf(err, errlen,
			 "kernel RS-485 off by configuration: the adapter must switch direction itself");
		return LINK_RS485_NOT_REQUESTED;
	}
	memset(&rs485, 0, sizeof(rs485));
	/* RTS asserted while sending, released after: the usual DE wiring. */
	rs485.flags = SER_RS485_ENABLED | SER_RS485_RTS_ON_SEND;
	rs485.delay_rts_before_send = cfg->rts_delay_before_ms;
	rs485.delay_rts_after_send = cfg->rts_delay_after_ms;
	if (ioctl(fd, TIOCSRS485, &rs485) == 0)
		return LINK_RS485_APPLIED;
	if (errno == ENOTTY || errno == EINVAL || errno == EOPNOTSUPP) {
		snprintf(err, errlen,
			 "%s has no kernel RS-485 support (TIOCSRS485: %s)",
			 cfg->device, strerror(errno));
		return LINK_RS485_UNSUPPORTED;
	}
	snprintf(err, errlen, "%s: TIOCSRS485: %s", cfg->device,
		 strerror(errno));
	return LINK_RS485_FAILED;
}
