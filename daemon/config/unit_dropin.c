// SPDX-License-Identifier: MIT
/* omtd.service's network policy from the configuration (config.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>

#include "config.h"

/* The address family of an IP address literal; 0 for a host name. */
static int ip_literal_family(const char *host)
{
	unsigned char addr[sizeof(struct in6_addr)];

	if (inet_pton(AF_INET, host, addr) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, host, addr) == 1)
		return AF_INET6;
	return 0;
}

int omtd_unit_dropin(const struct omtd_config *config, char *out, size_t cap)
{
	const char *host = config->link.host;
	int family = ip_literal_family(host);
	int n;

	if (config->link.transport == LINK_TRANSPORT_RTU)
		n = snprintf(out, cap,
			     "# Modbus RTU: omtd needs no network, only the bus socket.\n"
			     "[Service]\n"
			     "PrivateNetwork=yes\n"
			     "RestrictAddressFamilies=\n"
			     "RestrictAddressFamilies=AF_UNIX\n");
	else if (family)
		/*
		 * The gateway replaces the unit's localhost (omtd's other
		 * sockets are Unix sockets).  An address literal resolves to
		 * its own family only, so the other one is never needed (a
		 * host name may give either).
		 */
		n = snprintf(out, cap,
			     "# Modbus TCP: the drives' gateway and nothing else.\n"
			     "[Service]\n"
			     "IPAddressAllow=\n"
			     "IPAddressAllow=%s\n"
			     "RestrictAddressFamilies=\n"
			     "RestrictAddressFamilies=AF_UNIX %s\n",
			     host, family == AF_INET ? "AF_INET" : "AF_INET6");
	else
		n = snprintf(out, cap,
			     "# Modbus TCP to '%s', a name: no address list applies.\n"
			     "[Service]\n"
			     "IPAddressDeny=\n", host);
	return n < 0 || (size_t)n >= cap ? -ENOSPC : n;
}
