// SPDX-License-Identifier: MIT
/*
 * omt-sim's drive classes through a libmodbus master on its real TCP
 * socket: height as a LINAK-class actuator, tilt as a CiA 402 drive
 * behind the "index" map and the cervical section as one behind the
 * Kinco map.  Moves, STOP, heartbeat loss, need-stop after power-up,
 * stop-before-reverse, quick stop, fault reaction and reset, refusals
 * as Modbus exceptions, the command logs, the same drives over RTU, and
 * the drives left as omt-generic-1.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <modbus.h>

#include "check_run.h"
#include "cia402_maps.h"
#include "linak_regs.h"
#include "omt_io_map.h"
#include "omt_regs.h"
#include "omt_table_types.h"
#include "sim_harness.h"

#define POLL_US 20000               /* 20 ms between polls */
#define POLLS 500                   /* at most 10 s of them */

static const char *const classes[] = {
	"height=linak", "2=cia402", "cervical=cia402:kinco", NULL,
};

static struct sim_harness sim;
static char reply[4096];
static modbus_t *mb;
static uint16_t beat;

static void start_sim(void)
{
	struct sim_harness_options opt = { .tcp = true, .rtu = true,
					   .drive_classes = classes };

	ck_assert_msg(sim_harness_start(&sim, &opt) == 0, "%s", sim.error);
	mb = NULL;
}

static void stop_sim(void)
{
	if (mb) {
		modbus_close(mb);
		modbus_free(mb);
	}
	ck_assert_int_eq(sim_harness_stop(&sim), 0);
}

static void cmd_ok(const char *command)
{
	ck_assert_msg(sim_harness_command(&sim, command, reply, sizeof(reply)) == 0,
		      "%s: %s", command, reply);
}

static void connect_to(enum omt_axis axis)
{
	mb = sim_harness_tcp_client(&sim, OMT_DEFAULT_SLAVE(axis));
	ck_assert_msg(mb != NULL, "%s", sim.error);
	/* These tests are about behaviour, not reply time: a machine under
	 * load may stall a reply beyond the harness's 200 ms. */
	modbus_set_response_timeout(mb, 2, 0);
}

static uint16_t rd(int addr)
{
	uint16_t v = 0;

	ck_assert_msg(modbus_read_registers(mb, addr, 1, &v) == 1,
		      "read 0x%04x: %s", addr, modbus_strerror(errno));
	return v;
}

static void wr(int addr, uint16_t v)
{
	ck_assert_msg(modbus_write_register(mb, addr, v) == 1,
		      "write 0x%04x = %u: %s", addr, v, modbus_strerror(errno));
}

/* ---- LINAK-class actuator (height) ---- */

/* One poll of a master that keeps the heartbeat changing. */
static uint16_t linak_poll(bool heartbeat, int reg)
{
	if (heartbeat)
		wr(LINAK_REG_HEARTBEAT, (uint16_t)(++beat & 0xff));
	return rd(reg);
}

/* Polls until (register & mask) == want, with or without heartbeat. */
static bool linak_wait(bool heartbeat, int reg, uint16_t mask, uint16_t want)
{
	for (int i = 0; i < POLLS; i++) {
		if ((linak_poll(heartbeat, reg) & mask) == want)
			return true;
		usleep(POLL_US);
	}
	fprintf(stderr, "waited for 0x%04x & 0x%04x == 0x%04x: STATUS 0x%04x "
		"ERROR %u\n", reg, mask, want, rd(LINAK_REG_STATUS),
		rd(LINAK_REG_ERROR));
	return false;
}

static void linak_ready(void)
{
	connect_to(OMT_AXIS_HEIGHT);
	wr(LINAK_REG_COMMAND, LINAK_CMD_STOP);
	ck_assert_uint_eq(rd(LINAK_REG_ERROR), LINAK_ERR_NONE);
	wr(LINAK_REG_SOFT_START, 0);
	wr(LINAK_REG_SOFT_STOP, 4);             /* 0.2 s */
}

START_TEST(linak_needs_stop_after_power_up)
{
	uint16_t pos;

	connect_to(OMT_AXIS_HEIGHT);
	ck_assert_uint_eq(rd(LINAK_REG_ERROR), LINAK_ERR_NEED_STOP);
	pos = rd(LINAK_REG_POSITION);
	ck_assert_uint_eq(pos, 2500);           /* 700 mm: 250 mm out */
	/* The write is answered, the run is not taken. */
	wr(LINAK_REG_COMMAND, 2600);
	ck_assert_uint_eq(rd(LINAK_REG_COMMAND), LINAK_CMD_STOP);
	for (int i = 0; i < 10; i++) {
		ck_assert_uint_eq(linak_poll(true, LINAK_REG_STATUS) &
				  (LINAK_STATUS_RUNNING_OUT | LINAK_STATUS_RUNNING_IN), 0);
		usleep(POLL_US);
	}
	ck_assert_uint_eq(rd(LINAK_REG_POSITION), pos);
	wr(LINAK_REG_COMMAND, LINAK_CMD_STOP);
	ck_assert_uint_eq(rd(LINAK_REG_ERROR), LINAK_ERR_NONE);
	wr(LINAK_REG_COMMAND, 2600);
	ck_assert(linak_wait(true, LINAK_REG_POSITION, 0xffff, 2600));
	ck_assert(linak_wait(true, LINAK_REG_STATUS, 0xffff, 0));
}
END_TEST

START_TEST(linak_moves_and_stops_on_command)
{
	uint16_t at, end;

	linak_ready();
	wr(LINAK_REG_COMMAND, 4500);
	ck_assert(linak_wait(true, LINAK_REG_STATUS, LINAK_STATUS_RUNNING_OUT,
			     LINAK_STATUS_RUNNING_OUT));
	ck_assert(linak_wait(true, LINAK_REG_SPEED_ACTUAL, 0xffff, 400));
	ck_assert_uint_gt(rd(LINAK_REG_CURRENT), 0);
	wr(LINAK_REG_COMMAND, LINAK_CMD_STOP);
	at = rd(LINAK_REG_POSITION);
	ck_assert(linak_wait(false, LINAK_REG_SPEED_ACTUAL, 0xffff, 0));
	ck_assert_uint_eq(rd(LINAK_REG_STATUS) & LINAK_STATUS_RUNNING_OUT, 0);
	end = rd(LINAK_REG_POSITION);
	ck_assert_uint_ge(end, at);
	ck_assert_uint_lt(end, 4500);
	ck_assert_uint_eq(rd(LINAK_REG_ERROR), LINAK_ERR_NONE);
}
END_TEST

START_TEST(linak_stops_with_error_5_when_the_heartbeat_stops)
{
	linak_ready();
	wr(LINAK_REG_COMMAND, LINAK_CMD_RUN_OUT);
	ck_assert(linak_wait(true, LINAK_REG_STATUS, LINAK_STATUS_RUNNING_OUT,
			     LINAK_STATUS_RUNNING_OUT));
	/* The master falls silent on the heartbeat, still reading. */
	ck_assert(linak_wait(false, LINAK_REG_ERROR, 0xffff,
			     LINAK_ERR_HEARTBEAT_LOST));
	ck_assert(linak_wait(false, LINAK_REG_SPEED_ACTUAL, 0xffff, 0));
	/* Refused until cleared. */
	wr(LINAK_REG_COMMAND, LINAK_CMD_RUN_OUT);
	ck_assert_uint_eq(linak_poll(true, LINAK_REG_STATUS) &
			  LINAK_STATUS_RUNNING_OUT, 0);
	wr(LINAK_REG_COMMAND, LINAK_CMD_CLEAR_ERROR);
	ck_assert_uint_eq(rd(LINAK_REG_ERROR), LINAK_ERR_NONE);
	wr(LINAK_REG_COMMAND, LINAK_CMD_RUN_IN);
	ck_assert(linak_wait(true, LINAK_REG_STATUS, LINAK_STATUS_RUNNING_IN,
			     LINAK_STATUS_RUNNING_IN));
	wr(LINAK_REG_COMMAND, LINAK_CMD_STOP);
}
END_TEST

START_TEST(linak_refuses_to_reverse_until_stopped)
{
	linak_ready();
	wr(LINAK_REG_COMMAND, LINAK_CMD_RUN_OUT);
	ck_assert(linak_wait(true, LINAK_REG_STATUS, LINAK_STATUS_RUNNING_OUT,
			     LINAK_STATUS_RUNNING_OUT));
	wr(LINAK_REG_COMMAND, LINAK_CMD_RUN_IN);
	ck_assert_uint_eq(rd(LINAK_REG_COMMAND), LINAK_CMD_RUN_OUT);
	for (int i = 0; i < 5; i++) {
		ck_assert_uint_eq(linak_poll(true, LINAK_REG_STATUS) &
				  (LINAK_STATUS_RUNNING_OUT | LINAK_STATUS_RUNNING_IN),
				  LINAK_STATUS_RUNNING_OUT);
		usleep(POLL_US);
	}
	wr(LINAK_REG_COMMAND, LINAK_CMD_STOP);
	ck_assert(linak_wait(false, LINAK_REG_STATUS, LINAK_STATUS_RUNNING_OUT, 0));
	wr(LINAK_REG_COMMAND, LINAK_CMD_RUN_IN);
	ck_assert(linak_wait(true, LINAK_REG_STATUS, LINAK_STATUS_RUNNING_IN,
			     LINAK_STATUS_RUNNING_IN));
	wr(LINAK_REG_COMMAND, LINAK_CMD_STOP);
}
END_TEST

START_TEST(linak_loses_its_position_on_a_power_cycle)
{
	linak_ready();
	/* Near the out end, so that finding it is a short run (a long one
	 * would only widen the window for a late heartbeat on a loaded
	 * machine). */
	cmd_ok("fault height jump 240");
	ck_assert_uint_eq(rd(LINAK_REG_POSITION), 4900);
	cmd_ok("power-cycle height");
	ck_assert_uint_eq(rd(LINAK_REG_POSITION), LINAK_POSITION_LOST);
	ck_assert_uint_eq(rd(LINAK_REG_ERROR), LINAK_ERR_NEED_STOP);
	wr(LINAK_REG_COMMAND, LINAK_CMD_STOP);
	wr(LINAK_REG_SOFT_START, 0);
	/* A position it does not know is refused; an end is found. */
	wr(LINAK_REG_COMMAND, 2000);
	ck_assert_uint_eq(rd(LINAK_REG_COMMAND), LINAK_CMD_STOP);
	wr(LINAK_REG_COMMAND, LINAK_CMD_RUN_OUT);
	ck_assert(linak_wait(true, LINAK_REG_STATUS, LINAK_STATUS_END_OUT,
			     LINAK_STATUS_END_OUT));
	ck_assert_uint_eq(rd(LINAK_REG_POSITION), 5000);
}
END_TEST

START_TEST(linak_faults_and_refusals)
{
	uint16_t v;

	linak_ready();
	ck_assert_int_eq(modbus_write_register(mb, LINAK_REG_SPEED, 201), -1);
	ck_assert_int_eq(errno, EMBXILVAL);
	ck_assert_uint_eq(rd(LINAK_REG_SPEED), 200);
	ck_assert_int_eq(modbus_write_register(mb, LINAK_REG_STATUS, 0), -1);
	ck_assert_int_eq(errno, EMBXILVAL);
	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_STATUS, 1, &v), -1);
	ck_assert_int_eq(errno, EMBXILADD);
	/* A blocked mechanism ends in the current cut-off (at 1 A, soon). */
	wr(LINAK_REG_CURRENT_LIMIT, 4);
	cmd_ok("fault height stall");
	wr(LINAK_REG_COMMAND, LINAK_CMD_RUN_OUT);
	ck_assert(linak_wait(true, LINAK_REG_STATUS, LINAK_STATUS_OVERCURRENT,
			     LINAK_STATUS_OVERCURRENT));
	ck_assert_uint_eq(rd(LINAK_REG_STATUS) & LINAK_STATUS_RUNNING_OUT, 0);
	cmd_ok("fault height clear");
	/* Bus faults as for every slave. */
	cmd_ok("fault height no-reply");
	ck_assert_int_eq(modbus_read_registers(mb, LINAK_REG_STATUS, 1, &v), -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	cmd_ok("fault height clear");
	modbus_flush(mb);
	ck_assert_uint_eq(rd(LINAK_REG_ERROR), LINAK_ERR_NONE);
	cmd_ok("get height");
	ck_assert_ptr_nonnull(strstr(reply, "class=linak"));
}
END_TEST

START_TEST(linak_error_injection_and_command_log)
{
	linak_ready();
	/* Every COMMAND write is logged as received, refused ones too. */
	wr(LINAK_REG_COMMAND, 3000);
	cmd_ok("fault height error 7");
	ck_assert_uint_eq(rd(LINAK_REG_ERROR), LINAK_ERR_TEMPERATURE);
	ck_assert_uint_eq(rd(LINAK_REG_SPEED_ACTUAL), 0);
	wr(LINAK_REG_COMMAND, LINAK_CMD_RUN_IN);
	ck_assert_uint_eq(rd(LINAK_REG_COMMAND), 3000);
	cmd_ok("history height 3");
	ck_assert_int_eq(strncmp(reply, "ok 3\n", 5), 0);
	ck_assert_ptr_nonnull(strstr(reply, " 300.00 0x0bb8\n"));
	ck_assert_ptr_nonnull(strstr(reply, " 0xfb02\n"));
	ck_assert_ptr_nonnull(strstr(reply, " 0xfb03\n"));
	wr(LINAK_REG_COMMAND, LINAK_CMD_CLEAR_ERROR);
	ck_assert_uint_eq(rd(LINAK_REG_ERROR), LINAK_ERR_NONE);
	/* Codes the control socket refuses, changing nothing. */
	ck_assert_int_eq(sim_harness_command(&sim, "fault height error 1", reply,
					     sizeof(reply)), 1);
	ck_assert_int_eq(sim_harness_command(&sim, "fault height error x", reply,
					     sizeof(reply)), 1);
	ck_assert_int_eq(sim_harness_command(&sim, "fault lumbar error 3", reply,
					     sizeof(reply)), 1);
	ck_assert_int_eq(sim_harness_command(&sim, "fault height error", reply,
					     sizeof(reply)), 1);
	ck_assert_uint_eq(rd(LINAK_REG_ERROR), LINAK_ERR_NONE);
}
END_TEST

/* ---- CiA 402 drives (tilt: index map; cervical: Kinco map) ---- */

struct cia_addr {
	int controlword, statusword, mode, target, position;
	bool high_first;
};

static const struct cia_addr index_map = {
	0x6040, 0x6041, 0x6060, 0x607A, 0x6064, true,
};
static const struct cia_addr kinco_map = {
	0x3100, 0x3200, 0x3500, 0x4000, 0x3700, false,
};

static void wr32(const struct cia_addr *m, int addr, int32_t v)
{
	uint16_t hi = (uint16_t)((uint32_t)v >> 16), lo = (uint16_t)v;
	uint16_t w[2] = { m->high_first ? hi : lo, m->high_first ? lo : hi };

	ck_assert_msg(modbus_write_registers(mb, addr, 2, w) == 2,
		      "write 0x%04x: %s", addr, modbus_strerror(errno));
}

static int32_t rd32(const struct cia_addr *m, int addr)
{
	uint16_t w[2];

	ck_assert_int_eq(modbus_read_registers(mb, addr, 2, w), 2);
	return (int32_t)(m->high_first ? (uint32_t)w[0] << 16 | w[1]
				       : (uint32_t)w[1] << 16 | w[0]);
}

static enum cia402_state cia_state(const struct cia_addr *m)
{
	return cia402_state_of(rd(m->statusword));
}

static bool cia_wait_sw(const struct cia_addr *m, uint16_t mask, uint16_t want)
{
	for (int i = 0; i < POLLS; i++) {
		if ((rd(m->statusword) & mask) == want)
			return true;
		usleep(POLL_US);
	}
	return false;
}

static bool cia_wait_state(const struct cia_addr *m, enum cia402_state s)
{
	for (int i = 0; i < POLLS; i++) {
		if (cia_state(m) == s)
			return true;
		usleep(POLL_US);
	}
	return false;
}

static void cia_enable(const struct cia_addr *m)
{
	ck_assert_int_eq(cia_state(m), CIA402_SWITCH_ON_DISABLED);
	wr(m->mode, CIA402_MODE_PROFILE_POSITION);
	wr(m->controlword, CIA402_CMD_SHUTDOWN);
	ck_assert_int_eq(cia_state(m), CIA402_READY_TO_SWITCH_ON);
	wr(m->controlword, CIA402_CMD_SWITCH_ON);
	ck_assert_int_eq(cia_state(m), CIA402_SWITCHED_ON);
	wr(m->controlword, CIA402_CMD_ENABLE_OPERATION);
	ck_assert_int_eq(cia_state(m), CIA402_OPERATION_ENABLED);
}

static void cia_move(const struct cia_addr *m, int32_t target)
{
	wr32(m, m->target, target);
	wr(m->controlword, CIA402_CMD_ENABLE_OPERATION | CIA402_CW_NEW_SETPOINT);
	ck_assert(rd(m->statusword) & CIA402_SW_SETPOINT_ACK);
	wr(m->controlword, CIA402_CMD_ENABLE_OPERATION);
	ck_assert_uint_eq(rd(m->statusword) & CIA402_SW_SETPOINT_ACK, 0);
}

static void cia_runs_a_move(const struct cia_addr *m, enum omt_axis axis,
			    int32_t target)
{
	connect_to(axis);
	cia_enable(m);
	cia_move(m, target);
	ck_assert(cia_wait_sw(m, CIA402_SW_TARGET_REACHED,
			      CIA402_SW_TARGET_REACHED));
	ck_assert_int_eq(rd32(m, m->position), target);
	ck_assert_int_eq(cia_state(m), CIA402_OPERATION_ENABLED);
}

START_TEST(cia402_index_map_start_up_and_move)
{
	cia_runs_a_move(&index_map, OMT_AXIS_TILT, 1500);
	ck_assert_uint_eq(rd(CIA402_OBJ_MODES_DISPLAY), CIA402_MODE_PROFILE_POSITION);
}
END_TEST

START_TEST(cia402_kinco_map_start_up_and_move)
{
	cia_runs_a_move(&kinco_map, OMT_AXIS_CERVICAL, 8000);
	cmd_ok("get cervical");
	ck_assert_ptr_nonnull(strstr(reply, "map=kinco"));
}
END_TEST

START_TEST(cia402_does_not_move_unless_enabled)
{
	connect_to(OMT_AXIS_TILT);
	wr(index_map.mode, CIA402_MODE_PROFILE_POSITION);
	wr(index_map.controlword, CIA402_CMD_SHUTDOWN);
	wr32(&index_map, index_map.target, 10000);
	wr(index_map.controlword, CIA402_CMD_SHUTDOWN | CIA402_CW_NEW_SETPOINT);
	for (int i = 0; i < 10; i++) {
		ck_assert_int_eq(rd32(&index_map, index_map.position), 0);
		usleep(POLL_US);
	}
	ck_assert_uint_eq(rd(index_map.statusword) & CIA402_SW_SETPOINT_ACK, 0);
}
END_TEST

START_TEST(cia402_quick_stop_ends_switch_on_disabled)
{
	int32_t at;

	connect_to(OMT_AXIS_TILT);
	cia_enable(&index_map);
	cia_move(&index_map, 25000);
	for (int i = 0; i < POLLS && rd32(&index_map, CIA402_OBJ_VELOCITY_ACTUAL) < 4000; i++)
		usleep(POLL_US);
	wr(index_map.controlword, CIA402_CMD_QUICK_STOP);
	ck_assert(cia_wait_state(&index_map, CIA402_SWITCH_ON_DISABLED));
	at = rd32(&index_map, index_map.position);
	ck_assert_int_lt(at, 25000);
	ck_assert_int_eq(rd32(&index_map, CIA402_OBJ_VELOCITY_ACTUAL), 0);
	usleep(100000);
	ck_assert_int_eq(rd32(&index_map, index_map.position), at);
}
END_TEST

START_TEST(cia402_fault_reaction_and_reset)
{
	connect_to(OMT_AXIS_TILT);
	cia_enable(&index_map);
	cia_move(&index_map, 25000);
	cmd_ok("fault tilt overcurrent");
	ck_assert(cia_wait_state(&index_map, CIA402_FAULT));
	ck_assert_uint_eq(rd(CIA402_OBJ_ERROR_CODE), 0x2310);
	ck_assert_int_eq(rd32(&index_map, CIA402_OBJ_VELOCITY_ACTUAL), 0);
	/* Enable is ignored in fault; bit 7's rising edge resets. */
	wr(index_map.controlword, CIA402_CMD_ENABLE_OPERATION);
	ck_assert_int_eq(cia_state(&index_map), CIA402_FAULT);
	wr(index_map.controlword, CIA402_CW_FAULT_RESET);
	ck_assert_int_eq(cia_state(&index_map), CIA402_SWITCH_ON_DISABLED);
	ck_assert_uint_eq(rd(CIA402_OBJ_ERROR_CODE), 0);
	cia_enable(&index_map);
	/* Any error code, injected; the controlword log shows the reset. */
	cmd_ok("fault tilt error 0x5530");
	ck_assert(cia_wait_state(&index_map, CIA402_FAULT));
	ck_assert_uint_eq(rd(CIA402_OBJ_ERROR_CODE), 0x5530);
	wr(index_map.controlword, 0);
	wr(index_map.controlword, CIA402_CW_FAULT_RESET);
	cmd_ok("history tilt 2");
	ck_assert_ptr_nonnull(strstr(reply, " 0x0000\n"));
	ck_assert_ptr_nonnull(strstr(reply, " 0x0080\n"));
	ck_assert_int_eq(cia_state(&index_map), CIA402_SWITCH_ON_DISABLED);
}
END_TEST

START_TEST(cia402_refusals_are_exceptions)
{
	uint16_t v;

	connect_to(OMT_AXIS_TILT);
	ck_assert_int_eq(modbus_write_register(mb, CIA402_OBJ_STATUSWORD, 0), -1);
	ck_assert_int_eq(errno, EMBXILVAL);
	ck_assert_int_eq(modbus_write_register(mb, CIA402_OBJ_MODES_OF_OPERATION, 8), -1);
	ck_assert_int_eq(errno, EMBXILVAL);
	ck_assert_int_eq(modbus_read_registers(mb, CIA402_OBJ_TARGET_POSITION + 1, 1, &v), -1);
	ck_assert_int_eq(errno, EMBXILADD);
	ck_assert_int_eq(modbus_read_registers(mb, CIA402_OBJ_TARGET_POSITION, 1, &v), -1);
	ck_assert_int_eq(errno, EMBXILADD);
	ck_assert_uint_eq(rd(CIA402_OBJ_MODES_OF_OPERATION), 0);
}
END_TEST

START_TEST(classes_answer_over_rtu_too)
{
	uint16_t w = CIA402_CMD_SHUTDOWN, v[5];

	mb = sim_harness_rtu_client(&sim, OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT),
				    115200);
	ck_assert_msg(mb != NULL, "%s", sim.error);
	ck_assert_int_eq(modbus_read_registers(mb, LINAK_REG_POSITION, 5, v), 5);
	ck_assert_uint_eq(v[0], 2500);
	ck_assert_uint_eq(v[3], LINAK_ERR_NEED_STOP);
	ck_assert_int_eq(modbus_set_slave(mb, OMT_DEFAULT_SLAVE(OMT_AXIS_TILT)), 0);
	/* Function 23: the controlword written, the statusword read. */
	ck_assert_int_eq(modbus_write_and_read_registers(mb, CIA402_OBJ_CONTROLWORD,
			 1, &w, CIA402_OBJ_STATUSWORD, 1, v), 1);
	ck_assert_int_eq(cia402_state_of(v[0]), CIA402_READY_TO_SWITCH_ON);
	ck_assert_int_eq(modbus_set_slave(mb, OMT_DEFAULT_SLAVE(OMT_AXIS_CERVICAL)), 0);
	ck_assert_int_eq(modbus_read_registers(mb, 0x3700, 2, v), 2);
	ck_assert_uint_eq(v[0], 0);
	ck_assert_int_eq(modbus_read_registers(mb, 0x3701, 1, v), -1);
	ck_assert_int_eq(errno, EMBXILADD);
}
END_TEST

START_TEST(drives_not_named_stay_omt_generic_1)
{
	connect_to(OMT_AXIS_LUMBAR);
	ck_assert_uint_eq(rd(OMT_REG_AXIS_KIND), OMT_AXIS_KIND_DROP);
	cmd_ok("get lumbar");
	ck_assert_ptr_null(strstr(reply, "class="));
	ck_assert_int_eq(sim_harness_command(&sim, "identity height serial X",
					     reply, sizeof(reply)), 1);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("sim_drive_classes", "classes", &tc);

	tcase_add_checked_fixture(tc, start_sim, stop_sim);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, linak_needs_stop_after_power_up);
	tcase_add_test(tc, linak_moves_and_stops_on_command);
	tcase_add_test(tc, linak_stops_with_error_5_when_the_heartbeat_stops);
	tcase_add_test(tc, linak_refuses_to_reverse_until_stopped);
	tcase_add_test(tc, linak_loses_its_position_on_a_power_cycle);
	tcase_add_test(tc, linak_faults_and_refusals);
	tcase_add_test(tc, linak_error_injection_and_command_log);
	tcase_add_test(tc, cia402_index_map_start_up_and_move);
	tcase_add_test(tc, cia402_kinco_map_start_up_and_move);
	tcase_add_test(tc, cia402_does_not_move_unless_enabled);
	tcase_add_test(tc, cia402_quick_stop_ends_switch_on_disabled);
	tcase_add_test(tc, cia402_fault_reaction_and_reset);
	tcase_add_test(tc, cia402_refusals_are_exceptions);
	tcase_add_test(tc, classes_answer_over_rtu_too);
	tcase_add_test(tc, drives_not_named_stay_omt_generic_1);
	return omt_check_run(s);
}
