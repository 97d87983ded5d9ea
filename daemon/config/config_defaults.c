// SPDX-License-Identifier: MIT
/*
 * The configuration an empty omtd.conf gives: the simulated table over TCP
 * on this host, every drive fitted with omt-generic-1, and the core's
 * default limits.  etc/omtd.conf and docs/configuration.md list the same
 * values; keep the three in step.
 */
#include <string.h>

#include "config.h"

static void set_axis(struct omtd_axis_config *a, double min, double max,
		     double speed, double accel)
{
	a->min = min;
	a->max = max;
	a->max_speed = speed;
	a->max_accel = accel;
	a->stop_decel = accel;
	a->max_jerk = 0.0;
	a->slow_zone = false;
	a->slow_zone_below = min;
	a->slow_zone_factor = 1.0;
	a->following_error_max = 5.0;
	a->stall_time_ms = 500;
	a->stall_min_travel = 0.5;
	a->obstruction_current_ma = 3000;
	a->overcurrent_ma = 5000;
	a->uncommanded_travel = 2.0;
	a->position_jump = 20.0;
	a->duty_on_s = 25;
	a->duty_window_s = 400;
	a->drop_cocked_position = 15.0;
	a->drop_default_tension = 5;
}

void omtd_config_defaults(struct omtd_config *c)
{
	static const uint8_t slaves[OMT_AXIS_COUNT] = {
		[OMT_AXIS_HEIGHT] = OMT_SLAVE_HEIGHT,
		[OMT_AXIS_TILT] = OMT_SLAVE_TILT,
		[OMT_AXIS_CERVICAL] = OMT_SLAVE_CERVICAL,
		[OMT_AXIS_THORACIC] = OMT_SLAVE_THORACIC,
		[OMT_AXIS_LUMBAR] = OMT_SLAVE_LUMBAR,
		[OMT_AXIS_PELVIC] = OMT_SLAVE_PELVIC,
	};
	static const enum omt_pedal_function pedals[OMT_PEDAL_INPUTS] = {
		[OMT_IN_PEDAL_HEIGHT_UP] = OMT_PEDAL_HEIGHT_UP,
		[OMT_IN_PEDAL_HEIGHT_DOWN] = OMT_PEDAL_HEIGHT_DOWN,
		[OMT_IN_PEDAL_TILT_UP] = OMT_PEDAL_TILT_UP,
		[OMT_IN_PEDAL_TILT_DOWN] = OMT_PEDAL_TILT_DOWN,
		[OMT_IN_PEDAL_ENABLE_A] = OMT_PEDAL_ENABLE,
		[OMT_IN_PEDAL_ENABLE_B] = OMT_PEDAL_ENABLE,
		[OMT_IN_PEDAL_ARM_DROPS] = OMT_PEDAL_ARM_DROPS,
		/* A preset pedal needs a preset name: none until configured. */
		[OMT_IN_PEDAL_PRESET] = OMT_PEDAL_NONE,
	};

	memset(c, 0, sizeof(*c));

	c->link.transport = OMTD_TRANSPORT_TCP;
	strcpy(c->link.host, "127.0.0.1");
	c->link.port = 1502;
	strcpy(c->link.device, "/dev/omt-rs485");
	c->link.baud = 115200;
	c->link.parity = 'E';
	c->link.data_bits = 8;
	c->link.stop_bits = 1;
	c->link.rs485 = OMTD_RS485_AUTO;
	c->link.rts_delay_before_ms = 0;
	c->link.rts_delay_after_ms = 0;
	/* The TCP values; the loader picks RTU ones when transport = rtu. */
	c->link.response_timeout_ms = 5;
	c->link.byte_timeout_ms = 2;
	c->link.reconnect_interval_ms = 1000;

	for (unsigned int a = 0; a < OMT_AXIS_COUNT; a++) {
		c->drive[a].present = true;
		c->drive[a].slave = slaves[a];
		strcpy(c->drive[a].profile, OMT_PROFILE_BUILTIN_NAME);
		c->drive[a].regmap_index = 0;
	}

	c->io.source = OMTD_IO_MODBUS;
	c->io.slave = OMT_SLAVE_IO;
	c->io.modbus_read = OMTD_IO_DISCRETE_INPUTS;
	strcpy(c->io.gpio_chip, "gpio-sim");
	for (unsigned int i = 0; i < OMT_IN_COUNT; i++) {
		c->io.input[i].line_offset = -2;
		c->io.input[i].active_low = false;
	}
	c->io.two_channel_enable = true;
	c->io.pedal_mismatch_ms = 200;
	c->io.unlock_gesture_ms = 1000;
	for (unsigned int i = 0; i < OMT_PEDAL_INPUTS; i++)
		c->io.pedal[i].function = pedals[i];

	c->control.period_ms = 10;
	c->control.rt_priority = 80;
	c->control.comms_failure_limit = 3;
	c->control.idle_lock_s = 120;
	c->control.hold_timeout_ms = 300;
	c->control.drive_watchdog_ms = 100;
	strcpy(c->control.interlock_device, "/dev/omt_table");
	strcpy(c->control.state_dir, "/var/lib/omt");

	/*
	 * Inside omt-generic-1 drives' own travel and capabilities (omt-sim:
	 * height 450..950 mm at 40 mm/s and 80 mm/s^2, tilt -10..25 degrees
	 * at 4 deg/s and 8 deg/s^2), with margin: a drive streamed a
	 * trajectory at its very limits cannot make up any lag.
	 */
	set_axis(&c->axis[OMTD_AXIS_GROUP_HEIGHT], 460.0, 940.0, 30.0, 50.0);
	/* Stops brake twice as hard as starts: a shorter stopping
	 * distance, still well inside what the drives can do. */
	c->axis[OMTD_AXIS_GROUP_HEIGHT].stop_decel = 100.0;
	/* The lift carries the patient: its running current is the highest. */
	c->axis[OMTD_AXIS_GROUP_HEIGHT].obstruction_current_ma = 6000;
	c->axis[OMTD_AXIS_GROUP_HEIGHT].overcurrent_ma = 7500;
	c->axis[OMTD_AXIS_GROUP_HEIGHT].slow_zone = true;
	c->axis[OMTD_AXIS_GROUP_HEIGHT].slow_zone_below = 520.0;
	c->axis[OMTD_AXIS_GROUP_HEIGHT].slow_zone_factor = 0.4;
	set_axis(&c->axis[OMTD_AXIS_GROUP_TILT], -8.0, 23.0, 3.0, 6.0);
	c->axis[OMTD_AXIS_GROUP_TILT].stop_decel = 12.0;
	c->axis[OMTD_AXIS_GROUP_TILT].following_error_max = 2.0;
	c->axis[OMTD_AXIS_GROUP_TILT].stall_min_travel = 0.2;
	c->axis[OMTD_AXIS_GROUP_TILT].uncommanded_travel = 1.0;
	c->axis[OMTD_AXIS_GROUP_TILT].position_jump = 5.0;
	set_axis(&c->axis[OMTD_AXIS_GROUP_DROPS], 0.0, 15.0, 10.0, 40.0);
	c->axis[OMTD_AXIS_GROUP_DROPS].drop_cocked_position = 12.0;
	c->axis[OMTD_AXIS_GROUP_DROPS].duty_on_s = 60;

	c->n_pinch = 0;
	c->rules.n_rules = 0;

	c->n_profiles = 1;
	regmap_builtin_generic1(&c->profiles[0]);
}
