/* SPDX-License-Identifier: MIT */
/*
 * Which kind of drive a simulated slave is: omt-generic-1 (cyclic
 * position streaming, the default), a LINAK-class target-position
 * actuator, or a CiA 402 drive in profile position mode behind one of the
 * shipped object maps.  Chosen per slave with omt-sim's --drive-class.
 */
#ifndef SIM_DRIVE_CLASS_H
#define SIM_DRIVE_CLASS_H

#include "cia402_maps.h"

enum sim_drive_class {
	SIM_CLASS_GENERIC = 0,  /* omt-generic-1 */
	SIM_CLASS_LINAK,
	SIM_CLASS_CIA402,
};

struct sim_class_choice {
	int index;                      /* drive slave index, 0..5 */
	enum sim_drive_class drive_class;
	const struct cia402_map *map;   /* SIM_CLASS_CIA402 only */
};

/*
 * Parses "SLAVE=CLASS": SLAVE a drive's name (height, tilt, cervical,
 * thoracic, lumbar, pelvic) or its slave number (1..6); CLASS one of
 * "generic", "linak", "cia402" (the "index" map) or "cia402:MAP".
 * Returns 0, or -EINVAL with *why saying what is wrong.
 */
int sim_drive_class_parse(const char *arg, struct sim_class_choice *out,
			  const char **why);

/* "generic", "linak" or "cia402". */
const char *sim_drive_class_name(enum sim_drive_class drive_class);

#endif /* SIM_DRIVE_CLASS_H */
