/* SPDX-License-Identifier: MIT */
/*
 * Verifying a drive before it may be enabled, on every (re)connection:
 * one Modbus request a step, so the control loop can fit the check into
 * the room its cycles leave:
 *
 *   read SERIAL_NUMBER,    the drive's identity for technicians, first so
 *        FIRMWARE_VERSION  that even a drive found wrong below is named;
 *                          informational: a drive that refuses them (an
 *                          exception reply, e.g. 2 illegal data address),
 *                          does not answer them DRIVE_TEXT_TRIES times,
 *                          or sends no printable text is still checked
 *                          and used, its identity shown as unknown;
 *   read AXIS_KIND         the axis the drive says it is (linear, rotary,
 *                          drop section) must be the one configured on
 *                          this slave address: swapped addresses move the
 *                          wrong part of the table;
 *   read MIN/MAX_POSITION  the configured soft limits must lie inside the
 *                          drive's own travel;
 *   write WATCHDOG_MS      the drive's comms watchdog, so a drive that
 *   read  WATCHDOG_MS      stops hearing from omtd stops on its own; read
 *                          back, because a drive that ignores the write
 *                          (or stores another value) would not.
 *
 * Steps the profile lacks the register for are skipped.
 *
 * A drive of a newer class has none of these registers; instead:
 *   target-position          read its heartbeat register (a drive
 *                            without one is not of the class), then its
 *                            position: a known position or the "lost"
 *                            sentinel (the codec latches that as a fault),
 *                            nothing else; the axis's soft limits inside
 *                            the profile's travel, 0..position_max;
 *   cia402-profile-position  read its statusword: one of CiA 402's states.
 * Neither class's stop-on-silence can be checked by reading: see
 * docs/register-profiles.md.  A request that
 * fails leaves the drive unverified (no-answer) and the step is retried;
 * a wrong answer (wrong-kind, travel, watchdog) is final until the drive
 * is verified again after a reconnection.
 */
#ifndef OMTD_DRIVE_VERIFY_H
#define OMTD_DRIVE_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "link.h"
#include "omt_regs.h"
#include "omt_table_types.h"

enum drive_verify_step {
	DRIVE_VERIFY_READ_SERIAL = 0,
	DRIVE_VERIFY_READ_FIRMWARE,
	DRIVE_VERIFY_READ_KIND,
	DRIVE_VERIFY_READ_MIN,
	DRIVE_VERIFY_READ_MAX,
	DRIVE_VERIFY_WRITE_WATCHDOG,
	DRIVE_VERIFY_READ_WATCHDOG,
	DRIVE_VERIFY_DONE,
};

/* What became of one identity text on this connection. */
enum drive_text_state {
	DRIVE_TEXT_UNREAD = 0,          /* not read yet on this connection */
	DRIVE_TEXT_REPORTED,            /* read: printable text */
	DRIVE_TEXT_NOT_IN_PROFILE,      /* the profile has no such register */
	DRIVE_TEXT_REFUSED,             /* the drive answered an exception */
	DRIVE_TEXT_EMPTY,               /* read: padding only */
	DRIVE_TEXT_INVALID,             /* read: not printable text */
	DRIVE_TEXT_NO_ANSWER,           /* no usable reply, DRIVE_TEXT_TRIES times */
};

/*
 * Tries of an identity read before it is given up as unknown: a drive
 * that answers its cycle but not these (some ignore addresses they lack)
 * must not stay unverified, and so disabled, for want of a serial number.
 */
#define DRIVE_TEXT_TRIES 3

struct drive_text {
	enum drive_text_state state;
	uint8_t exception;              /* DRIVE_TEXT_REFUSED: its code */
	char text[REGMAP_TEXT_MAX];     /* "" unless REPORTED */
};

struct drive_verify {
	enum omt_verify_state state;
	enum drive_verify_step step;
	uint16_t detail;                /* see enum omt_verify_state */
	uint16_t kind;
	uint16_t min_words[2], max_words[2];
	struct drive_identity identity; /* valid once verified */
	struct drive_text serial, firmware;
	uint8_t text_tries;             /* failed tries of the present step */
};

/*
 * The text, or why it is unknown: "unknown (exception 2)", "unknown (none
 * in profile)", "unknown (empty)", "unknown (not text)"; at most
 * DRIVE_TEXT_DESCRIBE_MAX - 1 characters.
 */
#define DRIVE_TEXT_DESCRIBE_MAX 28
void drive_text_describe(const struct drive_text *t, char *out, size_t len);

/* Forget what was checked: from the first step again. */
void drive_verify_restart(struct drive_verify *v);

/* Whether a step is left (not verified, not failed for good). */
bool drive_verify_wants_step(const struct drive_verify *v);

/*
 * Make the next step over the link (one request).  Returns the request's
 * status; LINK_OK also when the step found the drive wrong (state says).
 */
enum link_status drive_verify_step(struct drive_verify *v, struct link *link,
				   const struct omtd_config *config,
				   enum omt_axis axis);

/* The axis kind a configured axis needs. */
enum omt_axis_kind drive_verify_expected_kind(enum omt_axis axis);

/*
 * Judge what was read (pure): OMT_VERIFY_OK, or the failure with *detail
 * set.  has_kind/has_travel as the identity says; watchdog_written 0 when
 * none was configured or the profile lacks the register.
 */
enum omt_verify_state drive_verify_judge(const struct omtd_config *config,
					 enum omt_axis axis,
					 const struct drive_identity *id,
					 uint16_t watchdog_written,
					 uint16_t watchdog_read,
					 uint16_t *detail);

/*
 * Judge a newer class's answers (pure): probe is the heartbeat register
 * or the statusword, position the target-position's POSITION.
 */
enum omt_verify_state drive_verify_judge_class(const struct omtd_config *config,
					       enum omt_axis axis,
					       const struct omt_regmap *p,
					       uint16_t probe, uint16_t position,
					       uint16_t *detail);

#endif /* OMTD_DRIVE_VERIFY_H */
