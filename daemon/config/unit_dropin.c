// SPDX-License-Identifier: MIT
/* omtd.service's network policy from the configuration (config.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>

#include "config.h"

static bool ip_literal(const char *host)
{
	unsigned char addr[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, host, addr) == 1 ||
	       inet_pton(AF_INET6, host, addr) == 1;
}

int omtd_unit_dropin(const struct omtd_config *config, char *out, size_t cap)
{
	const char *host = config->link.host;
	int n;

	if (config->link.transport == LINK_TRANSPORT_RTU)
		n = snprintf(out, cap,
			     "# Modbus RTU: omtd needs no network, only the bus socket.\n"
			     "[Service]\n"
			     "PrivateNetwork=yes\n"
			     "RestrictAddressFamilies=\n"
			     "RestrictAddressFamilies=AF_UNIX\n");
	else if (ip_literal(host))
		n = snprintf(out, cap,
			     "# Modbus TCP: the drives' gateway and nothing else.\n"
			     "[Service]\n"
			     "IPAddressAllow=%s\n", host);
	else
		n = snprintf(out, cap,
			     "# Modbus TCP to '%s', a name: no address list applies.\n"
			     "[Service]\n"
			     "IPAddressDeny=\n", host);
	return n < 0 || (size_t)n >= cap ? -ENOSPC : n;
}
