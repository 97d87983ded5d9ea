/* SPDX-License-Identifier: MIT */
/*
 * Drop sections (cervical, thoracic, lumbar, pelvic): the state of each
 * section's cocking, as pure logic.  The table logic owns the section's
 * motion profile and tells this module what happened; this module says
 * where the section should be driven and what state it is in.
 *
 *   down/fired --arm--> arming --in position--> armed --sensor+fall--> fired
 *   any --disarm--> (state kept while lowering) --at down--> down
 *
 * A firing is the sensor's rising edge while armed and the section's fall
 * (more than fall_travel below the cocked position), in either order:
 * the sensor alone, a level or a glitch, never makes one.  A fall the
 * sensor does not report leaves the section armed (table motion stays
 * blocked); the table logic holds it where it fell, never cocking it
 * again without a command.
 *
 * Arming is allowed only while the table is stationary, unlocked and free
 * of faults (the table logic checks that); while any section is arming or
 * armed, height and tilt motion is refused (OMT_CMD_INTERLOCK).
 */
#ifndef OMT_DROPS_H
#define OMT_DROPS_H

#include <stdbool.h>
#include <stdint.h>

#include "omt_table_types.h"

#define OMT_DROP_TENSION_MIN 1u
#define OMT_DROP_TENSION_MAX 10u

struct omt_drop_params {
	double cocked_position;         /* mm above down; default 15 */
	double down_position;           /* mm; default 0 */
	double position_tolerance;      /* mm, "in position"; default 0.5 */
	uint32_t default_tension;       /* default 5 */
	/*
	 * mm: below the cocked position by more than this, an armed section
	 * has fallen; above down by more than this, a section stands raised
	 * (it blocks table motion, whatever its state).  Default 2.
	 */
	double fall_travel;
};

void omt_drop_params_default(struct omt_drop_params *params);

struct omt_drop_section {
	enum omt_drop_state state;
	bool lowering;                  /* disarm in progress */
	uint32_t tension;
	uint32_t fired_count;
	bool sensor_was_set;
	bool halted;                    /* cocking stopped short: not armed */
	bool fire_seen;                 /* sensor rose while armed */
};

void omt_drop_init(struct omt_drop_section *drop,
		   const struct omt_drop_params *params);

/* Section arming, armed or being lowered (blocks height and tilt motion). */
bool omt_drop_blocks_motion(const struct omt_drop_section *drop);

/* Levels outside 1..10 are OMT_CMD_OUT_OF_RANGE and change nothing. */
enum omt_cmd_result omt_drop_set_tension(struct omt_drop_section *drop,
					 uint32_t level);

/* down/fired -> arming; arming/armed: no change.  Returns the target. */
double omt_drop_arm(struct omt_drop_section *drop,
		    const struct omt_drop_params *params);

/* Start lowering; returns the target. */
double omt_drop_disarm(struct omt_drop_section *drop,
		       const struct omt_drop_params *params);

/* More than fall_travel below the cocked position. */
bool omt_drop_fallen(const struct omt_drop_params *params, double position);

/* More than fall_travel above the down position. */
bool omt_drop_raised(const struct omt_drop_params *params, double position);

/*
 * One cycle: position is the section's actual position, at_rest whether
 * its profile has finished, sensor the drop-fired input (its last valid
 * level).  Returns true when the section fired this cycle: armed, its
 * sensor seen rising since it was armed, and fallen.
 */
bool omt_drop_update(struct omt_drop_section *drop,
		     const struct omt_drop_params *params, double position,
		     bool at_rest, bool sensor);

/*
 * Stop or Lock while cocking: the section brakes where it is and stays
 * `arming` (so table motion stays blocked) without ever becoming armed,
 * until DisarmDrop lowers it or ArmDrop cocks it again.
 */
void omt_drop_halt(struct omt_drop_section *drop);

#endif /* OMT_DROPS_H */
