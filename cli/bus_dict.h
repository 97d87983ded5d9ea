/* SPDX-License-Identifier: MIT */
/*
 * Reading the daemon's dictionaries of variants (a{sv}: preset details,
 * duty-cycle entries, properties, statistics): the walk over the entries
 * is here once; what each key means is the caller's.
 */
#ifndef OMTCTL_BUS_DICT_H
#define OMTCTL_BUS_DICT_H

#include <systemd/sd-bus.h>

/*
 * Reads (or skips) the variant of one entry whose key is given; returns
 * >= 0, or -errno to stop the walk.
 */
typedef int (*omtctl_dict_entry_reader)(sd_bus_message *m, const char *key,
					void *userdata);

/*
 * Enter the a{sv} at m, hand each entry to read_entry, leave it.  0 or
 * the first -errno (from the message or from read_entry).
 */
int omtctl_read_dict(sd_bus_message *m, omtctl_dict_entry_reader read_entry,
		     void *userdata);

/*
 * Reads the a{sv} of one named entry of an a{sa{sv}} (a preset, a drive):
 * it must consume that a{sv}; returns >= 0, or -errno to stop the walk.
 */
typedef int (*omtctl_named_dict_reader)(sd_bus_message *m, const char *name,
					void *userdata);

/*
 * Enter the a{sa{sv}} at m, hand each name (with its a{sv} still to read)
 * to read_named, leave it.  0 or the first -errno.
 */
int omtctl_read_named_dicts(sd_bus_message *m,
			    omtctl_named_dict_reader read_named, void *userdata);

#endif /* OMTCTL_BUS_DICT_H */
