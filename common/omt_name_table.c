// SPDX-License-Identifier: MIT
/* An enum's words, read both ways (omt_name_table.h). */
#include <string.h>

#include "omt_name_table.h"

const char *omt_name_at(const char *const *names, size_t count,
			unsigned int index)
{
	return index < count && names[index] ? names[index] : "unknown";
}

unsigned int omt_name_index(const char *const *names, size_t count,
			    const char *name)
{
	for (unsigned int i = 0; i < count; i++)
		if (name && names[i] && strcmp(name, names[i]) == 0)
			return i;
	return (unsigned int)count;
}
