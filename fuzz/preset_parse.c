// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the preset file parser, round trip.  Whatever parses is
 * serialized and parsed again into exactly the same set; what does not
 * parse leaves the output untouched and says why.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "presets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct omt_preset_set first, second;
	static char text[OMT_PRESETS_FILE_MAX + 1];
	char error[256] = "";
	int n;

	memset(&first, 0x5a, sizeof(first));
	if (omt_presets_parse((const char *)data, size, &first, error,
			      sizeof(error)) != 0) {
		if (error[0] == '\0')
			abort();
		return 0;
	}
	n = omt_presets_serialize(&first, text, sizeof(text));
	if (n < 0)
		abort();        /* a parsed set must fit its own file */
	memset(&second, 0, sizeof(second));
	if (omt_presets_parse(text, (size_t)n, &second, error,
			      sizeof(error)) != 0 ||
	    second.count != first.count)
		abort();
	for (unsigned int i = 0; i < first.count; i++)
		if (strcmp(first.item[i].name, second.item[i].name) != 0 ||
		    first.item[i].height != second.item[i].height ||
		    first.item[i].tilt != second.item[i].tilt)
			abort();
	return 0;
}
