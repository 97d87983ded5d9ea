// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the target-position and cia402-profile-position codecs, fed
 * a run of exchanges.  The first byte picks the shipped profile; each
 * 16-byte record after it is what the loop wants (enable, move, quick
 * stop, fault reset; a target and a speed), whether the reply was lost,
 * a reconnection, a pause, and the reply's words.  Checked every
 * exchange: the writes stay within their bounds; a LINAK-class heartbeat
 * changes every time; a run command (or a CiA 402 enabled controlword
 * without halt) is only ever sent while the loop wants a motion, and a
 * LINAK-class run never before its start-up is done; a quick stop is the
 * quick-stop command; readings are finite and a FAULT bit has a code.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drive_codec.h"
#include "omt_regs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RECORD 16

static void check(bool ok)
{
	if (!ok)
		abort();
}

static uint16_t word_at(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct omt_regmap p;
	static struct drive_codec c;
	struct drive_writes w;
	struct drive_reading rd;
	uint64_t now = 1000;
	int heartbeat = -1;
	bool linak;

	if (size < 1)
		return 0;
	linak = !(data[0] & 1);
	if (linak)
		regmap_builtin_linak_techline_tcp(&p);
	else
		regmap_builtin_cia402_pp(&p);
	check(drive_codec_init(&c, &p) == 0);
	for (size_t at = 1; at + RECORD <= size; at += RECORD) {
		const uint8_t *r = data + at;
		struct drive_intent in = {
			.enable = r[0] & 1, .move = r[0] & 2,
			.quick_stop = r[0] & 4, .fault_reset = r[0] & 8,
			.target = (int16_t)word_at(r + 1) * (linak ? 0.1 : 0.01),
			.speed = r[3] / 8.0,
		};
		bool wants = in.enable && in.move && !in.quick_stop;
		bool lost = r[0] & 16;
		uint16_t words[DRIVE_READ_WORDS_MAX] = { 0 }, v;
		enum target_phase before = c.u.target.phase;
		int rc;

		if (r[0] & 32) {
			drive_codec_restart(&c);
			heartbeat = -1;
		}
		now += r[0] & 64 ? 600 : 10;
		rc = drive_codec_step(&c, &in, now, &w);
		check(rc == 0 || rc == -EINVAL || rc == -ERANGE);
		check(w.n <= DRIVE_WRITES_MAX);
		for (unsigned int i = 0; i < w.n; i++)
			check(w.w[i].count >= 1 &&
			      w.w[i].count <= DRIVE_WRITE_WORDS_MAX);
		if (linak) {
			const struct target_position_params *t =
				&p.dc.target;

			check(drive_writes_find(&w, (uint16_t)t->addr[TARGET_REG_HEARTBEAT],
						&v) == 0);
			check(v <= 255 && (int)v != heartbeat);
			heartbeat = v;
			if (drive_writes_find(&w, (uint16_t)t->addr[TARGET_REG_COMMAND],
					      &v) == 0 && v <= t->position_max)
				check(wants && rc == 0 &&
				      before != TARGET_PHASE_STARTUP &&
				      before != TARGET_PHASE_FAULT);
		} else if (drive_writes_find(&w, CIA402_OBJ_CONTROLWORD, &v) == 0) {
			if ((v & 0x008f) == 0x000f && !(v & CIA402_CW_HALT))
				check(wants && rc == 0);
			if (in.quick_stop && cia402_pp_fault(&c.u.cia402) ==
			    DRIVE_FAULT_NONE && c.u.cia402.state != CIA402_FAULT &&
			    c.u.cia402.state != CIA402_FAULT_REACTION_ACTIVE)
				check(v == CIA402_CMD_QUICK_STOP);
		}
		if (lost)
			continue;
		for (unsigned int i = 0; i < 6; i++)
			words[i] = word_at(r + 4 + 2 * i);
		drive_codec_decode(&c, words, now, &rd);
		check(isfinite(rd.position) && isfinite(rd.velocity) &&
		      isfinite(rd.current_ma));
		if (rd.status & OMT_STATUS_FAULT)
			check(rd.fault_code != OMT_DRIVE_FAULT_NONE);
		if (rd.status & OMT_STATUS_ENABLED)
			check(!(rd.status & OMT_STATUS_FAULT));
	}
	return 0;
}
