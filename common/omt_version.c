// SPDX-License-Identifier: MIT
/* OMT_VERSION and OMT_COMMIT come from common/build.mk. */
#include "omt_version.h"

#ifndef OMT_VERSION
#define OMT_VERSION "0.0.0"
#endif
#ifndef OMT_COMMIT
#define OMT_COMMIT "unknown"
#endif

const char *omt_version(void)
{
	return OMT_VERSION " (" OMT_COMMIT ")";
}
