/* SPDX-License-Identifier: MIT */
/*
 * Register profiles: how one kind of drive lays out its Modbus holding
 * registers, as data.  The built-in omt-generic-1 is one of these; others
 * come from [profile.NAME] sections of omtd.conf, so a new drive needs no
 * recompiling.
 *
 * Everything here is pure: no I/O, no allocation.  The link layer uses the
 * codecs to turn a drive_command into register words and register words
 * into a drive_reading; the control loop only ever sees engineering units
 * (mm, degrees, mm/s, mA) and the canonical STATUS bit layout of
 * common/omt_regs.h, whatever the drive's own layout is.
 */
#ifndef OMT_REGMAP_H
#define OMT_REGMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drive_class.h"

#define OMT_PROFILE_NAME_MAX 32
#define OMT_PROFILE_BUILTIN_NAME "omt-generic-1"
/* Shipped profiles of the newer drive classes (drive_profiles_shipped.c). */
#define OMT_PROFILE_LINAK_TCP_NAME "linak-techline-tcp"
#define OMT_PROFILE_CIA402_PP_NAME "cia402-pp"

/* Registers a profile may name.  Order is fixed; names in regmap_reg_key(). */
enum regmap_reg {
	REGMAP_REG_STATUS = 0,
	REGMAP_REG_FAULT_CODE,
	REGMAP_REG_POSITION,        /* int32, two registers */
	REGMAP_REG_VELOCITY,        /* int16 */
	REGMAP_REG_CURRENT,         /* uint16 */
	REGMAP_REG_CONTROL,
	REGMAP_REG_SETPOINT,        /* int32, two registers */
	REGMAP_REG_VELOCITY_LIMIT,  /* uint16, optional */
	REGMAP_REG_WATCHDOG_MS,     /* uint16, optional */
	REGMAP_REG_AXIS_KIND,       /* uint16, optional */
	REGMAP_REG_MIN_POSITION,    /* int32, optional (with MAX_POSITION) */
	REGMAP_REG_MAX_POSITION,    /* int32, optional (with MIN_POSITION) */
	REGMAP_REG_TENSION,         /* uint16, optional (drop sections) */
	REGMAP_REG_SERIAL_NUMBER,   /* text, REGMAP_TEXT_WORDS, optional */
	REGMAP_REG_FIRMWARE_VERSION, /* text, REGMAP_TEXT_WORDS, optional */
	REGMAP_REG_COUNT,
};

/*
 * A text register (serial number, firmware version): this many words, two
 * ASCII characters each, the first in the high byte.
 */
#define REGMAP_TEXT_WORDS 8
#define REGMAP_TEXT_MAX (2 * REGMAP_TEXT_WORDS + 1)   /* with the NUL */

/* An optional register the drive does not have. */
#define REGMAP_ADDR_NONE (-1)

enum regmap_word_order {
	REGMAP_HIGH_WORD_FIRST = 0,
	REGMAP_LOW_WORD_FIRST,
};

/*
 * STATUS flags in the canonical order of common/omt_regs.h: flag N is
 * OMT_STATUS_* bit N once decoded.
 */
enum regmap_status_flag {
	REGMAP_ST_READY = 0,
	REGMAP_ST_ENABLED,
	REGMAP_ST_MOVING,
	REGMAP_ST_IN_POSITION,
	REGMAP_ST_FAULT,
	REGMAP_ST_LIMIT_LOW,
	REGMAP_ST_LIMIT_HIGH,
	REGMAP_ST_HOMED,
	REGMAP_ST_OBSTRUCTION,
	REGMAP_ST_COMMS_TIMEOUT,
	REGMAP_ST_COUNT,
};

enum regmap_control_flag {
	REGMAP_CTL_ENABLE = 0,
	REGMAP_CTL_QUICK_STOP,
	REGMAP_CTL_FAULT_RESET,
	REGMAP_CTL_COUNT,
};

/* A status bit the drive does not report (never set once decoded). */
#define REGMAP_BIT_NONE (-1)

struct omt_regmap {
	char name[OMT_PROFILE_NAME_MAX];
	int32_t addr[REGMAP_REG_COUNT];        /* 0..65535 or REGMAP_ADDR_NONE */
	enum regmap_word_order word_order;     /* for every 32-bit value */
	double position_scale;   /* mm (or degrees) per count, > 0 */
	double velocity_scale;   /* mm/s (or degrees/s) per count, > 0 */
	double current_scale;    /* mA per count, > 0 */
	int8_t status_bit[REGMAP_ST_COUNT];    /* 0..15 or REGMAP_BIT_NONE */
	int8_t control_bit[REGMAP_CTL_COUNT];  /* 0..15, all required */
	bool function23;         /* drive supports read/write multiple */
	/*
	 * How the drive is commanded (drive_class.h).  For the default,
	 * cyclic-position, everything above describes the drive; the newer
	 * classes use the scales above and their own registers here, and
	 * leave the cyclic registers, bits and word order unset.
	 */
	struct drive_class_params dc;
};

/*
 * The transactions one cycle needs, worked out once per profile.  Registers
 * of the read set (STATUS, FAULT_CODE, POSITION, VELOCITY, CURRENT) that
 * sit next to each other form one group, read by one request; so do those
 * of the write set (CONTROL, SETPOINT).  Gaps are never read or written,
 * since a drive may refuse addresses it does not map.  omt-generic-1 has
 * one group each, so a cycle is one function-23 transaction; a custom
 * layout costs one request per group (function 23 for the first pair when
 * the drive has it, else 16 then 3).
 */
#define REGMAP_MAX_GROUPS 5
#define REGMAP_READ_WORDS 6    /* STATUS, FAULT, POSITION x2, VEL, CUR */
#define REGMAP_WRITE_WORDS 3   /* CONTROL, SETPOINT x2 */

struct regmap_group {
	uint16_t addr;
	uint16_t count;
	uint16_t offset;        /* first word in the packed buffer */
};

struct regmap_plan {
	unsigned int n_read;
	struct regmap_group read[REGMAP_MAX_GROUPS];
	unsigned int n_write;
	struct regmap_group write[REGMAP_MAX_GROUPS];
	/* Where each register's first word lies in the packed buffers. */
	uint16_t word[REGMAP_REG_COUNT];
	bool combined;          /* first write and first read in one fc 23 */
};

/* What the control loop asks of a drive each cycle. */
struct drive_command {
	bool enable;
	bool quick_stop;
	bool fault_reset;       /* the drive acts on the rising edge */
	double setpoint;        /* mm or degrees */
};

/* What a drive reports each cycle, in engineering units. */
struct drive_reading {
	uint16_t status_raw;    /* STATUS as the drive sent it */
	uint16_t status;        /* canonical OMT_STATUS_* bits */
	uint16_t fault_code;    /* FAULT_CODE as the drive sent it */
	int32_t position_counts;
	double position;        /* mm or degrees */
	double velocity;        /* mm/s or degrees/s */
	double current_ma;
	/*
	 * OBSTRUCTION is the drive's record of a stop on current (a
	 * target-position actuator's overcurrent flag, standing still),
	 * kept by the drive until a fault reset, not a standing condition.
	 */
	bool obstruction_recorded;
};

/* The identity and travel block, read once at start. */
struct drive_identity {
	bool has_kind;
	uint16_t axis_kind;     /* enum omt_axis_kind */
	bool has_travel;
	double min_position;    /* hardware travel, mm or degrees */
	double max_position;
};

/* Fill *p with the built-in omt-generic-1 profile. */
void regmap_builtin_generic1(struct omt_regmap *p);

/*
 * Start a profile for config parsing: every register, bit and scale unset,
 * so that validation can tell which required key is missing.
 */
void regmap_init_unset(struct omt_regmap *p, const char *name);

/*
 * Apply one "key = value" of a [profile.NAME] section.  Returns 0, or -EINVAL
 * with a message (naming the problem, not the key: the caller adds file,
 * line and key) in err.  *p is unchanged on error.
 */
int regmap_set_key(struct omt_regmap *p, const char *key, const char *value,
		    char *err, size_t errlen);

/* Whether key is one regmap_set_key() knows. */
bool regmap_key_known(const char *key);

/*
 * Check a complete profile: required registers and bits present, no two
 * registers overlapping, no two flags on one bit, scales finite and
 * positive, MIN/MAX_POSITION both or neither.  Returns 0, or -EINVAL with the
 * offending key in bad_key and a message in err.
 */
int regmap_validate(const struct omt_regmap *p, char *bad_key,
		     size_t keylen, char *err, size_t errlen);

/* Work out the transactions of a cycle for a valid profile (an empty plan
 * for a class other than cyclic-position: drive_codec.h plans those). */
void regmap_plan_build(const struct omt_regmap *p, struct regmap_plan *plan);

/*
 * Shipped profiles: omt-generic-1, linak-techline-tcp, cia402-pp.  Fills
 * *p and returns 0 for one of those names, else -ENOENT (*p untouched).
 */
int regmap_builtin_find(const char *name, struct omt_regmap *p);
/* Whether name is one of the shipped profiles (they cannot be redefined). */
bool regmap_builtin_name(const char *name);
void regmap_builtin_linak_techline_tcp(struct omt_regmap *p);
void regmap_builtin_cia402_pp(struct omt_regmap *p);

/*
 * The class keys of a [profile.NAME] section ("class", "map", "target.*",
 * "cia402.*"; drive_class_keys.c), called by regmap_set_key(): 0, -EINVAL
 * with a message, or -ENOENT when key is not a class key.  *p is unchanged
 * on error.
 */
int drive_class_set_key(struct omt_regmap *p, const char *key,
			const char *value, char *err, size_t errlen);
bool drive_class_key_known(const char *key);
/* Count every key of dc's class as given (a profile built in code). */
void drive_class_mark_given(struct drive_class_params *dc);
/*
 * Check the class part of a complete profile of a newer class: its
 * required keys given, keys of another class absent, values coherent.
 * Returns 0, or -EINVAL with the offending key in bad_key and a message.
 */
int drive_class_validate(const struct omt_regmap *p, char *bad_key,
			 size_t keylen, char *err, size_t errlen);

/*
 * Stopping distance of a drive of this profile from speed (units/s),
 * after a stop sent one exchange period late at worst: the drive's own
 * ramp plus one period of travel.  Cyclic drives follow the controller's
 * ramp (stop_decel): speed^2 / (2 stop_decel) + speed period.
 * target-position: speed soft_stop_s / 2 + speed period (a linear ramp).
 * cia402-profile-position: speed^2 / (2 deceleration) + speed period.
 */
double drive_class_stopping_distance(const struct omt_regmap *p, double speed,
				     double stop_decel, double period_s);
/*
 * Refuse a profile whose stopping distance at max_speed exceeds the
 * axis's bound (what a cyclic drive would need at stop_decel).  Returns
 * 0, or -ERANGE with a message giving both distances and the longest
 * soft stop (or the smallest deceleration) that would do.
 */
int drive_class_check_stopping(const struct omt_regmap *p, double max_speed,
			       double stop_decel, double period_s, char *err,
			       size_t errlen);

/*
 * A drive of a newer class starts on its own ramp, not the controller's:
 * refuse a profile whose start is harder than the axis allows, and a
 * target-position actuator that cannot run as fast as the axis asks.
 *  - target-position: the soft start is a ramp of fixed time to the
 *    speed told, so from standstill to max_speed it accelerates at
 *    max_speed / soft_start_s, at most max_accel; full_speed (its speed
 *    at full PWM) at least max_speed, or omtd would ask it for speeds it
 *    cannot reach (the share is capped at full PWM).
 *  - cia402-profile-position: cia402.acceleration at most max_accel.
 * Cyclic drives follow the controller's ramp: always 0.  Returns 0, or
 * -ERANGE with a message giving the figure that would do.
 */
int drive_class_check_start(const struct omt_regmap *p, double max_speed,
			    double max_accel, char *err, size_t errlen);

/*
 * A drive that stops on silence (target-position's heartbeat) must hear
 * from omtd well within its timeout: refuse an exchange period longer
 * than a quarter of it, so three lost exchanges in a row still do not
 * stop it.  Other classes: always 0.  Returns 0 or -ERANGE with a message.
 */
int drive_class_check_heartbeat(const struct omt_regmap *p,
				uint32_t exchange_period_ms, char *err,
				size_t errlen);

/* Config key of a register ("addr.status", ...). */
const char *regmap_reg_key(enum regmap_reg reg);

/* --- codecs --- */

/* A 32-bit value from two registers as they arrived, and back. */
uint32_t regmap_join32(const uint16_t words[2], enum regmap_word_order o);
void regmap_split32(uint32_t value, enum regmap_word_order o,
		     uint16_t words[2]);

/*
 * Engineering units to counts: rounds to nearest.  Returns 0, or -EINVAL
 * for NaN, infinity or a scale that is not finite and positive, or -ERANGE
 * when the result does not fit the [min, max] range of the register.
 */
int regmap_units_to_counts(double units, double scale, int64_t min,
			    int64_t max, int64_t *counts);
double regmap_counts_to_units(int64_t counts, double scale);

/* Drive STATUS word to canonical OMT_STATUS_* bits. */
uint16_t regmap_decode_status(const struct omt_regmap *p, uint16_t raw);

/* CONTROL word for a command, in the drive's bit layout. */
uint16_t regmap_encode_control(const struct omt_regmap *p,
				const struct drive_command *cmd);

/*
 * Pack a command into the write buffer of the plan (REGMAP_WRITE_WORDS).
 * Returns 0, or -EINVAL / -ERANGE for a setpoint that is not finite or
 * does not fit int32 counts; words is then untouched.
 */
int regmap_encode_command(const struct omt_regmap *p,
			   const struct regmap_plan *plan,
			   const struct drive_command *cmd, uint16_t *words);

/* Unpack the read buffer of the plan (REGMAP_READ_WORDS). */
void regmap_decode_reading(const struct omt_regmap *p,
			    const struct regmap_plan *plan,
			    const uint16_t *words, struct drive_reading *out);

/*
 * Identity block: kind (NULL when the profile has no AXIS_KIND) and travel
 * (NULL when it has no MIN/MAX_POSITION), each as the drive sent it.
 */
void regmap_decode_identity(const struct omt_regmap *p, const uint16_t *kind,
			     const uint16_t *min_words,
			     const uint16_t *max_words,
			     struct drive_identity *out);

/*
 * A text register (REGMAP_TEXT_WORDS words) as a string: two characters a
 * word, high byte first; NUL or space padding at either end is dropped.
 * Returns 0 with the text in out (at most REGMAP_TEXT_MAX - 1 characters),
 * -ENODATA when it is all padding, or -EINVAL when a character is not
 * printable ASCII (0x20..0x7e) or text follows a NUL; out is then "".
 * Whatever a drive sends, out is bounded, terminated and printable.
 */
int regmap_decode_text(const uint16_t words[REGMAP_TEXT_WORDS],
		       char out[REGMAP_TEXT_MAX]);

/*
 * Velocity limit (units/s) as an unsigned 16-bit register value.  Returns
 * 0, -EINVAL for NaN/inf/negative, -ERANGE above 65535 counts.
 */
int regmap_encode_velocity_limit(const struct omt_regmap *p, double limit,
				  uint16_t *word);

#endif /* OMT_REGMAP_H */
