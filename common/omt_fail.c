// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stdio.h>

#include "omt_fail.h"

int omt_fail(int code, char *buf, size_t size, const char *format, ...)
{
	va_list ap;

	if (buf && size) {
		va_start(ap, format);
		vsnprintf(buf, size, format, ap);
		va_end(ap);
	}
	return code;
}
