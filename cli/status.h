/* SPDX-License-Identifier: MIT */
/* The table's public properties as omtctl holds and prints them. */
#ifndef OMTCTL_STATUS_H
#define OMTCTL_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define OMTCTL_MAX_LIST 64
/* A preset name is up to 128 bytes of UTF-8. */
#define OMTCTL_ITEM_MAX 132
#define OMTCTL_MESSAGE_MAX 128
/* A drive's serial number or firmware version: printable ASCII. */
#define OMTCTL_DRIVE_TEXT_MAX 16

struct omtctl_drop {
	char section[16];
	char state[16];
	uint32_t tension;           /* 0: not reported */
};

struct omtctl_duty {
	char axis[16];
	double budget_s, left_s, whole_in_s;
};

struct omtctl_status {
	char state[16];
	double height, tilt;
	bool locked;
	uint32_t hold_timeout_ms;
	unsigned int n_faults;
	char faults[OMTCTL_MAX_LIST][OMTCTL_ITEM_MAX];
	/* FaultMessages: code -> message, n_messages of them. */
	unsigned int n_messages;
	char message_codes[OMTCTL_MAX_LIST][OMTCTL_ITEM_MAX];
	char fault_messages[OMTCTL_MAX_LIST][OMTCTL_MESSAGE_MAX];
	unsigned int n_presets;
	char presets[OMTCTL_MAX_LIST][OMTCTL_ITEM_MAX];
	unsigned int n_drops;
	struct omtctl_drop drops[8];
	char version[64];
	unsigned int n_duty;
	struct omtctl_duty duty[2];
	/* Drives property: each fitted drive and its check. */
	unsigned int n_drives;
	struct omtctl_drive_check {
		char axis[16];
		char check[96];
		/* Diagnostics.DriveIdentities; "" when unknown. */
		char serial[OMTCTL_DRIVE_TEXT_MAX + 1];
		char firmware[OMTCTL_DRIVE_TEXT_MAX + 1];
		/* Diagnostics.DriveFaults: the fault a drive of a newer
		 * class names ("none" when none); "" when not named. */
		char fault[32];
	} drives[8];
};

void omtctl_print_status(FILE *out, const struct omtctl_status *s, bool json);
void omtctl_print_faults(FILE *out, const struct omtctl_status *s, bool json);
/* The message FaultMessages gives for code, or "" when none. */
const char *omtctl_fault_message(const struct omtctl_status *s,
				 const char *code);

/* "[#####.....]  62%" for a move from start to target, now at current. */
void omtctl_format_progress(char *buffer, size_t size, double fraction);

/*
 * How far along a move is, 0..1, over the axes it moves (OMTCTL_HAS_*
 * mask), from where it started.
 */
double omtctl_move_fraction(unsigned int targets, const double start[2],
			    const double target[2], const double now[2]);

#endif /* OMTCTL_STATUS_H */
