/* SPDX-License-Identifier: MIT */
/* The table's public properties as omtctl holds and prints them. */
#ifndef OMTCTL_STATUS_H
#define OMTCTL_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define OMTCTL_MAX_LIST 64
#define OMTCTL_ITEM_MAX 64

struct omtctl_drop {
	char section[16];
	char state[16];
};

struct omtctl_status {
	char state[16];
	double height, tilt;
	bool locked;
	uint32_t hold_timeout_ms;
	unsigned int n_faults;
	char faults[OMTCTL_MAX_LIST][OMTCTL_ITEM_MAX];
	unsigned int n_presets;
	char presets[OMTCTL_MAX_LIST][OMTCTL_ITEM_MAX];
	unsigned int n_drops;
	struct omtctl_drop drops[8];
	/* Drives property: each fitted drive and its check. */
	unsigned int n_drives;
	struct omtctl_drive_check {
		char axis[16];
		char check[96];
	} drives[8];
};

void omtctl_print_status(FILE *out, const struct omtctl_status *s, bool json);
void omtctl_print_faults(FILE *out, const struct omtctl_status *s, bool json);
void omtctl_print_presets(FILE *out, const struct omtctl_status *s, bool json);

/* "[#####.....]  62%" for a move from start to target, now at current. */
void omtctl_format_progress(char *buffer, size_t size, double fraction);

/*
 * How far along a move is, 0..1, over the axes it moves (OMTCTL_HAS_*
 * mask), from where it started.
 */
double omtctl_move_fraction(unsigned int targets, const double start[2],
			    const double target[2], const double now[2]);

#endif /* OMTCTL_STATUS_H */
