/* SPDX-License-Identifier: MIT */
/*
 * The register map of a LINAK-class "target-position" actuator (TECHLINE
 * actuators with Modbus TCP/IP, LA36/LC3 IC class): run to a target, stop
 * on command, a heartbeat register that must keep changing.  Facts from
 * the maker's public Modbus TCP/IP user manual (LIT-73-02-003, v1.0, 2023),
 * written down once here for the simulator's actuator model and the
 * daemon's shipped profile `linak-techline-tcp` (docs/register-profiles.md).
 *
 * Holding registers, addressed by index; one 16-bit word each.  Positions
 * are 0.1 mm counts from the fully-in end.
 */
#ifndef OMT_LINAK_REGS_H
#define OMT_LINAK_REGS_H

/* ---- written by the controller ---- */
/* 0..255; must change at least every LINAK_HEARTBEAT_TIMEOUT_MS or the
 * actuator stops with LINAK_ERR_HEARTBEAT_LOST. */
#define LINAK_REG_HEARTBEAT       0x2001
/* 0..LINAK_POSITION_MAX: run to that position; above it, a command. */
#define LINAK_REG_COMMAND         0x2002
#define LINAK_REG_CURRENT_LIMIT   0x2003 /* 0.25 A a count */
#define LINAK_REG_SPEED           0x2004 /* 0.5 % PWM a count (0..200) */
#define LINAK_REG_SOFT_START      0x2005 /* 0.05 s a count */
#define LINAK_REG_SOFT_STOP       0x2006 /* 0.05 s a count */

/* ---- read by the controller ---- */
#define LINAK_REG_POSITION        0x2101 /* 0.1 mm; LINAK_POSITION_LOST */
#define LINAK_REG_CURRENT         0x2102
#define LINAK_REG_STATUS          0x2103 /* LINAK_STATUS_* flags */
#define LINAK_REG_ERROR           0x2104 /* LINAK_ERR_* */
#define LINAK_REG_SPEED_ACTUAL    0x2105 /* 0.1 mm/s */

/* COMMAND values. */
#define LINAK_POSITION_MAX        64255u /* run to 0..this, 0.1 mm */
#define LINAK_CMD_CLEAR_ERROR     64256u
#define LINAK_CMD_RUN_OUT         64257u
#define LINAK_CMD_RUN_IN          64258u
#define LINAK_CMD_STOP            64259u
#define LINAK_CMD_RECOVERY_OUT    64260u
#define LINAK_CMD_RECOVERY_IN     64261u

/* POSITION's sentinel: the actuator does not know where it is (after a
 * power cycle of a non-absolute actuator, for instance). */
#define LINAK_POSITION_LOST       65024u

/* SOFT_START / SOFT_STOP: this value means "the actuator's default". */
#define LINAK_SOFT_DEFAULT        251u
#define LINAK_SOFT_SECONDS_PER_COUNT 0.05
/* The default soft stop, which adds to the stopping distance. */
#define LINAK_SOFT_STOP_DEFAULT_S 1.5

#define LINAK_HEARTBEAT_TIMEOUT_MS 500u

/*
 * STATUS flags.  The manual names these flags; their bit positions are
 * this project's choice for the simulator and the shipped profile (a
 * profile key can move each one), to be confirmed on a real actuator.
 */
#define LINAK_STATUS_END_IN        (1u << 0) /* end of stroke, fully in */
#define LINAK_STATUS_END_OUT       (1u << 1) /* end of stroke, fully out */
#define LINAK_STATUS_OVERCURRENT   (1u << 2)
#define LINAK_STATUS_RUNNING_OUT   (1u << 3)
#define LINAK_STATUS_RUNNING_IN    (1u << 4)
#define LINAK_STATUS_HEARTBEAT_NEEDED (1u << 5)

/* ERROR codes (0: none). */
#define LINAK_ERR_NONE             0u
#define LINAK_ERR_NEED_STOP        1u /* after power-up: send STOP first */
#define LINAK_ERR_HALL             2u
#define LINAK_ERR_OVERVOLTAGE      3u
#define LINAK_ERR_UNDERVOLTAGE     4u
#define LINAK_ERR_HEARTBEAT_LOST   5u
#define LINAK_ERR_TEMPERATURE      7u

#endif /* OMT_LINAK_REGS_H */
