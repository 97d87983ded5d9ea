// SPDX-License-Identifier: MIT
/*
 * The simulated bus with drives of other classes: every one of the 64 Ki
 * addresses of a LINAK-class drive and of CiA 402 drives behind the
 * index and Kinco maps, read and written through sim_world_apply();
 * refused requests change nothing in the world; the class models are
 * what the physics clock steps; the other drives stay omt-generic-1.
 */
#include <check.h>
#include <string.h>

#include <modbus.h>

#include "check_run.h"
#include "cia402_maps.h"
#include "linak_regs.h"
#include "omt_regs.h"
#include "world.h"

#define ILLEGAL_FUNCTION MODBUS_EXCEPTION_ILLEGAL_FUNCTION
#define ILLEGAL_ADDRESS MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS
#define ILLEGAL_VALUE MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE
#define NOW 1000000000ull

static struct sim_world world, before;

static void setup(void)
{
	sim_world_init(&world);
	sim_world_set_class(&world, OMT_AXIS_HEIGHT, SIM_CLASS_LINAK, NULL);
	sim_world_set_class(&world, OMT_AXIS_TILT, SIM_CLASS_CIA402,
			    cia402_map_find("index"));
	sim_world_set_class(&world, OMT_AXIS_CERVICAL, SIM_CLASS_CIA402,
			    cia402_map_find("kinco"));
	sim_world_advance(&world, NOW);
}

static int read_req(int index, unsigned int addr, unsigned int count)
{
	struct sim_request r = { .function = MODBUS_FC_READ_HOLDING_REGISTERS,
				 .read_addr = (uint16_t)addr,
				 .read_count = (uint16_t)count };

	return sim_world_apply(&world, index, &r, NOW);
}

static int write_req(int index, unsigned int addr, unsigned int count,
		     const uint16_t *values)
{
	struct sim_request r = { .function = MODBUS_FC_WRITE_MULTIPLE_REGISTERS,
				 .write_addr = (uint16_t)addr,
				 .write_count = (uint16_t)count };

	memcpy(r.values, values, count * sizeof(*values));
	return sim_world_apply(&world, index, &r, NOW);
}

static bool linak_defined(unsigned int addr)
{
	return (addr >= LINAK_REG_HEARTBEAT && addr <= LINAK_REG_SOFT_STOP) ||
	       (addr >= LINAK_REG_POSITION && addr <= LINAK_REG_SPEED_ACTUAL);
}

START_TEST(linak_has_only_its_registers)
{
	for (unsigned int addr = 0; addr <= 0xffff; addr++)
		ck_assert_int_eq(read_req(OMT_AXIS_HEIGHT, addr, 1),
				 linak_defined(addr) ? 0 : ILLEGAL_ADDRESS);
	ck_assert_int_eq(read_req(OMT_AXIS_HEIGHT, LINAK_REG_HEARTBEAT, 6), 0);
	ck_assert_int_eq(read_req(OMT_AXIS_HEIGHT, LINAK_REG_HEARTBEAT, 7),
			 ILLEGAL_ADDRESS);
	ck_assert_int_eq(read_req(OMT_AXIS_HEIGHT, LINAK_REG_POSITION, 5), 0);
}
END_TEST

/* The words a read starting at addr must cover in map m: 0 if no object
 * starts there. */
static unsigned int object_words(const struct cia402_map *m, unsigned int addr)
{
	for (size_t i = 0; i < m->n_entries; i++)
		if (m->entries[i].addr == addr)
			return m->entries[i].words;
	return 0;
}

START_TEST(cia402_has_only_its_objects)
{
	int index = _i == 0 ? OMT_AXIS_TILT : OMT_AXIS_CERVICAL;
	const struct cia402_map *m = world.cia402_map[index];

	for (unsigned int addr = 0; addr <= 0xffff; addr++) {
		unsigned int w = object_words(m, addr);

		ck_assert_int_eq(read_req(index, addr, 1),
				 w == 1 ? 0 : ILLEGAL_ADDRESS);
		if (w == 2)
			ck_assert_int_eq(read_req(index, addr, 2), 0);
	}
}
END_TEST

/* All a write could change on one drive (copying the whole world each
 * time would make the sweep slow under the sanitizers). */
struct drive_state {
	struct sim_axis axis;
	struct sim_linak linak;
	struct sim_cia402 cia402;
	uint64_t logged;
	struct sim_slave_stats stats;
};

static void save(int index, struct drive_state *s)
{
	memset(s, 0, sizeof(*s));
	s->axis = world.axis[index];
	s->linak = world.linak[index];
	s->cia402 = world.cia402[index];
	s->logged = world.history[index].count;
	s->stats = world.stats[index];
}

static bool unchanged(int index, const struct drive_state *s)
{
	struct drive_state now;

	save(index, &now);
	return memcmp(&now, s, sizeof(now)) == 0;
}

static void restore(int index, const struct drive_state *s)
{
	world.axis[index] = s->axis;
	world.linak[index] = s->linak;
	world.cia402[index] = s->cia402;
	world.history[index].count = s->logged;
	world.stats[index] = s->stats;
}

/* Every single-register write: accepted or refused, and a refused one
 * changes nothing on the drive. */
START_TEST(refused_writes_change_nothing_anywhere)
{
	static const int drives[] = { OMT_AXIS_HEIGHT, OMT_AXIS_TILT,
				      OMT_AXIS_CERVICAL };
	static const uint16_t values[] = { 0, 1, 0x00ff, 0x8000, 0xffff };
	int index = drives[_i];

	struct drive_state was;

	for (unsigned int addr = 0; addr <= 0xffff; addr++) {
		for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
			int rc;

			save(index, &was);
			rc = write_req(index, addr, 1, &values[v]);
			if (rc) {
				ck_assert(rc == ILLEGAL_ADDRESS || rc == ILLEGAL_VALUE);
				ck_assert_msg(unchanged(index, &was),
					      "refused write 0x%04x=0x%04x changed the drive",
					      addr, values[v]);
			}
			restore(index, &was);
		}
	}
}
END_TEST

START_TEST(other_functions_are_refused)
{
	struct sim_request r = { .function = MODBUS_FC_WRITE_SINGLE_COIL };

	ck_assert_int_eq(sim_world_apply(&world, OMT_AXIS_HEIGHT, &r, NOW),
			 ILLEGAL_FUNCTION);
	ck_assert_int_eq(sim_world_apply(&world, OMT_AXIS_TILT, &r, NOW),
			 ILLEGAL_FUNCTION);
}
END_TEST

START_TEST(write_and_read_in_one_request)
{
	struct sim_request r = { .function = MODBUS_FC_WRITE_AND_READ_REGISTERS,
				 .write_addr = LINAK_REG_HEARTBEAT, .write_count = 2,
				 .read_addr = LINAK_REG_POSITION, .read_count = 5 };
	uint16_t out[5];

	r.values[0] = 1;
	r.values[1] = LINAK_CMD_STOP;
	ck_assert_int_eq(sim_world_apply(&world, OMT_AXIS_HEIGHT, &r, NOW), 0);
	sim_world_read_registers(&world, OMT_AXIS_HEIGHT, LINAK_REG_POSITION, 5,
				 out);
	ck_assert_uint_eq(out[0], 2500);
	ck_assert_uint_eq(out[3], LINAK_ERR_NONE);
	/* The read range is checked too: nothing written on a bad one. */
	r.values[1] = LINAK_CMD_RUN_OUT;
	r.read_count = 6;
	before = world;
	ck_assert_int_eq(sim_world_apply(&world, OMT_AXIS_HEIGHT, &r, NOW),
			 ILLEGAL_ADDRESS);
	ck_assert(memcmp(&before, &world, sizeof(world)) == 0);
}
END_TEST

START_TEST(the_clock_steps_the_class_models)
{
	uint16_t v = LINAK_CMD_STOP, w[2] = { 7, LINAK_CMD_RUN_OUT };

	ck_assert_int_eq(write_req(OMT_AXIS_HEIGHT, LINAK_REG_COMMAND, 1, &v), 0);
	ck_assert_int_eq(write_req(OMT_AXIS_HEIGHT, LINAK_REG_HEARTBEAT, 2, w), 0);
	sim_world_advance(&world, NOW + 400000000ull);
	ck_assert_double_gt(world.linak[OMT_AXIS_HEIGHT].position, 250.0);
	/* The omt-generic-1 model behind it is not what answers or moves. */
	ck_assert_double_eq(world.axis[OMT_AXIS_HEIGHT].position, 700.0);
	ck_assert_int_eq(world.drive_class[OMT_AXIS_LUMBAR], SIM_CLASS_GENERIC);
	ck_assert_int_eq(read_req(OMT_AXIS_LUMBAR, OMT_REG_STATUS, 6), 0);
	/* Every COMMAND write is in the drive's log. */
	ck_assert_uint_eq(world.history[OMT_AXIS_HEIGHT].count, 2);
	ck_assert_uint_eq(world.history[OMT_AXIS_HEIGHT].rec[1].control,
			  LINAK_CMD_RUN_OUT);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("sim_class_world", "world", &tc);

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, linak_has_only_its_registers);
	tcase_add_loop_test(tc, cia402_has_only_its_objects, 0, 2);
	tcase_add_loop_test(tc, refused_writes_change_nothing_anywhere, 0, 3);
	tcase_add_test(tc, other_functions_are_refused);
	tcase_add_test(tc, write_and_read_in_one_request);
	tcase_add_test(tc, the_clock_steps_the_class_models);
	return omt_check_run(s);
}
