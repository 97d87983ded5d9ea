// SPDX-License-Identifier: MIT
/*
 * Fuzz target: omtd.conf text through the real loader.  Any input either
 * loads into a configuration that passes validation again, or fails with
 * a message that names the file; the caller's struct changes only on
 * success.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct omtd_config out, sentinel;
	struct omtd_config_issue issue;
	char err[OMTD_ERR_MAX];
	char *text;

	if (size > 64 * 1024)
		return 0;
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&out, 0x5a, sizeof(out));
	memcpy(&sentinel, &out, sizeof(out));
	err[0] = '\0';
	if (omtd_config_load_string(text, "fuzz.conf", &out, err,
				    sizeof(err)) == 0) {
		if (omtd_config_validate(&out, &issue) != 0)
			abort();        /* loaded, yet invalid */
	} else {
		if (strncmp(err, "fuzz.conf:", 10) != 0 ||
		    memcmp(&out, &sentinel, sizeof(out)) != 0)
			abort();        /* unnamed error, or a changed struct */
	}
	free(text);
	return 0;
}
