/* SPDX-License-Identifier: MIT */
/*
 * CiA 402 (IEC 61800-7) drives in profile position mode, reached over
 * Modbus: the objects used, the controlword commands and statusword bits.
 * Facts of the public device profile, written down once here for the
 * simulator's drive model and the daemon's shipped profile `cia402-pp`.
 * Where a drive places each object among its holding registers is a
 * mapping (common/cia402_maps.h), since makers differ.
 */
#ifndef OMT_CIA402_REGS_H
#define OMT_CIA402_REGS_H

/* Objects (index; subindex 0) and their widths in 16-bit words. */
#define CIA402_OBJ_ERROR_CODE        0x603F /* 1 word */
#define CIA402_OBJ_CONTROLWORD       0x6040 /* 1 word */
#define CIA402_OBJ_STATUSWORD        0x6041 /* 1 word */
#define CIA402_OBJ_QUICK_STOP_OPTION 0x605A /* 1 word, int16 */
#define CIA402_OBJ_MODES_OF_OPERATION 0x6060 /* 1 word (int8 in CiA 402) */
#define CIA402_OBJ_MODES_DISPLAY     0x6061 /* 1 word */
#define CIA402_OBJ_POSITION_ACTUAL   0x6064 /* 2 words, int32 */
#define CIA402_OBJ_FOLLOWING_WINDOW  0x6065 /* 2 words, uint32 */
#define CIA402_OBJ_VELOCITY_ACTUAL   0x606C /* 2 words, int32 */
#define CIA402_OBJ_TARGET_POSITION   0x607A /* 2 words, int32 */
#define CIA402_OBJ_PROFILE_VELOCITY  0x6081 /* 2 words, uint32 */
#define CIA402_OBJ_PROFILE_ACCEL     0x6083 /* 2 words, uint32 */
#define CIA402_OBJ_PROFILE_DECEL     0x6084 /* 2 words, uint32 */
#define CIA402_OBJ_QUICK_STOP_DECEL  0x6085 /* 2 words, uint32 */

/* Modes of operation. */
#define CIA402_MODE_PROFILE_POSITION 1

/* Controlword bits. */
#define CIA402_CW_SWITCH_ON          (1u << 0)
#define CIA402_CW_ENABLE_VOLTAGE     (1u << 1)
#define CIA402_CW_QUICK_STOP_N       (1u << 2) /* 0 = quick stop */
#define CIA402_CW_ENABLE_OPERATION   (1u << 3)
#define CIA402_CW_NEW_SETPOINT       (1u << 4) /* profile position */
#define CIA402_CW_CHANGE_IMMEDIATELY (1u << 5) /* profile position */
#define CIA402_CW_RELATIVE           (1u << 6) /* profile position */
#define CIA402_CW_FAULT_RESET        (1u << 7) /* on the rising edge */
#define CIA402_CW_HALT               (1u << 8)

/* Controlword commands (the low bits). */
#define CIA402_CMD_SHUTDOWN          0x0006u
#define CIA402_CMD_SWITCH_ON         0x0007u
#define CIA402_CMD_ENABLE_OPERATION  0x000Fu
#define CIA402_CMD_DISABLE_VOLTAGE   0x0000u
#define CIA402_CMD_QUICK_STOP        0x0002u
#define CIA402_CMD_DISABLE_OPERATION 0x0007u

/* Statusword bits. */
#define CIA402_SW_READY_TO_SWITCH_ON (1u << 0)
#define CIA402_SW_SWITCHED_ON        (1u << 1)
#define CIA402_SW_OPERATION_ENABLED  (1u << 2)
#define CIA402_SW_FAULT              (1u << 3)
#define CIA402_SW_VOLTAGE_ENABLED    (1u << 4)
#define CIA402_SW_QUICK_STOP_N       (1u << 5) /* 0 = quick stop active */
#define CIA402_SW_SWITCH_ON_DISABLED (1u << 6)
#define CIA402_SW_WARNING            (1u << 7)
#define CIA402_SW_REMOTE             (1u << 9)
#define CIA402_SW_TARGET_REACHED     (1u << 10)
#define CIA402_SW_LIMIT_ACTIVE       (1u << 11)
#define CIA402_SW_SETPOINT_ACK       (1u << 12) /* profile position */
#define CIA402_SW_FOLLOWING_ERROR    (1u << 13) /* profile position */

/* The state machine's states, read from the statusword with
 * cia402_state_of() (common/cia402_maps.h). */
enum cia402_state {
	CIA402_NOT_READY_TO_SWITCH_ON,
	CIA402_SWITCH_ON_DISABLED,
	CIA402_READY_TO_SWITCH_ON,
	CIA402_SWITCHED_ON,
	CIA402_OPERATION_ENABLED,
	CIA402_QUICK_STOP_ACTIVE,
	CIA402_FAULT_REACTION_ACTIVE,
	CIA402_FAULT,
	CIA402_STATE_UNKNOWN,
};

#endif /* OMT_CIA402_REGS_H */
