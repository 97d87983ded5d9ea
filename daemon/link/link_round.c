// SPDX-License-Identifier: MIT
/* A drive's longest exchange and a round's time on RTU (link_round.h). */
#include <errno.h>
#include <string.h>

#include "cia402_regs.h"
#include "link_round.h"
#include "modbus_frame.h"
#include "omt_io_map.h"

/* Write data for framing a request: only its length matters here. */
static const uint16_t zero_words[MB_PDU_MAX / 2];

static int add(struct link_round_exchange *ex, uint8_t function,
	       uint16_t write_count, uint16_t read_count)
{
	if (ex->n >= LINK_ROUND_REQUESTS_MAX)
		return -EINVAL;
	ex->rq[ex->n++] = (struct link_round_request){
		.function = function, .write_count = write_count,
		.read_count = read_count,
	};
	return 0;
}

/* A class codec's writes, as link_exchange() sends them. */
static int add_writes(struct link_round_exchange *ex,
		      const struct drive_writes *w)
{
	for (unsigned int i = 0; i < w->n; i++) {
		uint16_t n = w->w[i].count;

		if (add(ex, n == 1 ? MB_FC_WRITE_SINGLE : MB_FC_WRITE_MULTIPLE,
			n, 0))
			return -EINVAL;
	}
	return 0;
}

/* Then its reads, one function 3 per group. */
static int add_reads(struct link_round_exchange *ex,
		     const struct omt_regmap *p)
{
	struct drive_codec codec;
	const struct drive_reads *r;

	if (drive_codec_init(&codec, p))
		return -EINVAL;
	r = drive_codec_reads(&codec);
	for (unsigned int i = 0; i < r->n_groups; i++)
		if (add(ex, MB_FC_READ_HOLDING, 0, r->group[i].count))
			return -EINVAL;
	return 0;
}

static int cyclic_exchange(const struct omt_regmap *p,
			   struct link_round_exchange *ex)
{
	struct regmap_plan plan;
	unsigned int wi = 0, ri = 0;

	regmap_plan_build(p, &plan);
	if (plan.combined) {
		if (add(ex, MB_FC_WRITE_AND_READ, plan.write[0].count,
			plan.read[0].count))
			return -EINVAL;
		wi = ri = 1;
	}
	for (; wi < plan.n_write; wi++)
		if (add(ex, MB_FC_WRITE_MULTIPLE, plan.write[wi].count, 0))
			return -EINVAL;
	for (; ri < plan.n_read; ri++)
		if (add(ex, MB_FC_READ_HOLDING, 0, plan.read[ri].count))
			return -EINVAL;
	return 0;
}

static void write_reg(struct drive_writes *w, int32_t addr)
{
	if (addr >= 0)
		(void)drive_writes_add(w, (uint16_t)addr, 0);
}

/* In the order target_position.c emits them. */
static int target_exchange(const struct omt_regmap *p,
			   struct link_round_exchange *ex)
{
	const struct target_position_params *t = &p->dc.target;
	struct drive_writes w;

	drive_writes_clear(&w);
	if (t->current_limit_a > 0.0)
		write_reg(&w, t->addr[TARGET_REG_CURRENT_LIMIT]);
	write_reg(&w, t->addr[TARGET_REG_SPEED]);
	write_reg(&w, t->addr[TARGET_REG_SOFT_START]);
	write_reg(&w, t->addr[TARGET_REG_SOFT_STOP]);
	write_reg(&w, t->addr[TARGET_REG_HEARTBEAT]);
	write_reg(&w, t->addr[TARGET_REG_COMMAND]);
	if (add_writes(ex, &w))
		return -EINVAL;
	return add_reads(ex, p);
}

static void write_object(struct drive_writes *w, const struct cia402_map *m,
			 uint16_t object)
{
	const struct cia402_map_entry *e = cia402_map_entry_of(m, object);

	if (!e)
		return;
	if (e->words == 1)
		(void)drive_writes_add(w, e->addr, 0);
	else
		(void)drive_writes_add32(w, e->addr, 0, m->high_word_first);
}

/* In the order cia402_pp.c writes them. */
static int cia402_exchange(const struct omt_regmap *p,
			   struct link_round_exchange *ex)
{
	static const uint16_t written[] = {
		CIA402_OBJ_MODES_OF_OPERATION, CIA402_OBJ_PROFILE_ACCEL,
		CIA402_OBJ_PROFILE_DECEL, CIA402_OBJ_TARGET_POSITION,
		CIA402_OBJ_PROFILE_VELOCITY, CIA402_OBJ_CONTROLWORD,
	};
	const struct cia402_map *m = cia402_map_find(p->dc.cia402.map);
	struct drive_writes w;

	if (!m)
		return -EINVAL;
	drive_writes_clear(&w);
	for (size_t i = 0; i < sizeof(written) / sizeof(written[0]); i++)
		write_object(&w, m, written[i]);
	if (add_writes(ex, &w))
		return -EINVAL;
	return add_reads(ex, p);
}

int link_round_longest_exchange(const struct omt_regmap *p,
				struct link_round_exchange *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	switch (p->dc.cls) {
	case DRIVE_CLASS_CYCLIC_POSITION:
		rc = cyclic_exchange(p, out);
		break;
	case DRIVE_CLASS_TARGET_POSITION:
		rc = target_exchange(p, out);
		break;
	case DRIVE_CLASS_CIA402_PP:
		rc = cia402_exchange(p, out);
		break;
	default:
		rc = -EINVAL;
		break;
	}
	if (rc == 0 && out->n == 0)
		rc = -EINVAL;
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}

static uint64_t char_bits(const struct link_line_settings *line)
{
	return 1u + line->data_bits + (line->parity == 'N' ? 0u : 1u) +
	       line->stop_bits;
}

static uint64_t baud_of(const struct link_line_settings *line)
{
	return line->baud ? line->baud : 9600;
}

static uint64_t gap_ns(const struct link_line_settings *line)
{
	uint64_t baud = baud_of(line);

	/* Modbus fixes the silent interval at 1.75 ms above 19200 baud. */
	if (baud > 19200)
		return 1750000u;
	return 35u * char_bits(line) * 100000000ull / baud;
}

uint32_t link_round_request_us(const struct link_line_settings *line,
			       const struct link_round_request *r)
{
	/* Framed by the link's own code: the sizes it puts on the wire. */
	struct mb_request rq = {
		.unit = 1, .function = r->function,
		.read_count = r->read_count, .write_count = r->write_count,
		.write = zero_words,
	};
	uint8_t adu[MB_ADU_MAX];
	size_t request = mb_request_rtu(&rq, adu);
	/* The reply's PDU with the slave address and the CRC around it. */
	size_t reply = mb_reply_pdu_length(&rq) + 3;
	uint64_t ns = (uint64_t)(request + reply) * char_bits(line) *
		      1000000000ull / baud_of(line) + 2 * gap_ns(line);
	uint64_t us = ns / 1000u + LINK_ROUND_TURNAROUND_US;

	if (line->rs485 != LINK_RS485_OFF)
		us += 1000ull * (line->rts_delay_before_ms +
				 line->rts_delay_after_ms);
	return us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
}

uint32_t link_round_exchange_us(const struct link_line_settings *line,
				const struct link_round_exchange *ex)
{
	uint64_t us = 0;

	for (unsigned int i = 0; i < ex->n; i++)
		us += link_round_request_us(line, &ex->rq[i]);
	return us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
}

uint32_t link_round_io_us(const struct link_line_settings *line,
			  enum link_io_read io_read)
{
	struct link_round_request rq = {
		.function = MB_FC_READ_DISCRETE_INPUTS,
		.read_count = OMT_IN_COUNT,
	};

	if (io_read == LINK_IO_HOLDING_REGISTER) {
		rq.function = MB_FC_READ_HOLDING;
		rq.read_count = 1;   /* OMT_IO_REG_INPUTS */
	}
	return link_round_request_us(line, &rq);
}

uint64_t link_round_window_us(uint32_t period_ms)
{
	uint64_t ns = (uint64_t)period_ms * 1000000u;

	return (ns - ns / LINK_ROUND_GUARD_DIVISOR) / 1000u;
}

int link_round_check(const struct link_line_settings *line, bool io_on_bus,
		     enum link_io_read io_read, const struct omt_regmap *p,
		     uint32_t period_ms, struct link_round_need *need)
{
	struct link_round_exchange ex;
	uint64_t total;

	memset(need, 0, sizeof(*need));
	if (link_round_longest_exchange(p, &ex))
		return -EINVAL;
	if (line->transport != LINK_TRANSPORT_RTU)
		return 0;
	need->requests = ex.n;
	need->exchange_us = link_round_exchange_us(line, &ex);
	need->io_us = io_on_bus ? link_round_io_us(line, io_read) : 0;
	need->window_us = link_round_window_us(period_ms);
	total = (uint64_t)need->exchange_us + need->io_us;
	for (uint32_t ms = 1; ms <= LINK_ROUND_PERIOD_MAX_MS; ms++)
		if (link_round_window_us(ms) >= total) {
			need->min_period_ms = ms;
			break;
		}
	return total <= need->window_us ? 0 : -ERANGE;
}
