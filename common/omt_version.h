/* SPDX-License-Identifier: MIT */
/* The project's version and the commit it was built from. */
#ifndef OMT_VERSION_H
#define OMT_VERSION_H

/* "0.1.0 (g1234abc)": what --version and the Version property show. */
const char *omt_version(void);

#endif /* OMT_VERSION_H */
