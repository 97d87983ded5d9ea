// SPDX-License-Identifier: MIT
/* Walking an a{sv} or an a{sa{sv}} entry by entry (see bus_dict.h). */
#include "bus_dict.h"

/*
 * Enter the array of entries_sig at m; for each entry (entry_sig: a string
 * key, then the value) read the key and hand the rest to read_value; leave.
 */
static int walk_keyed_entries(sd_bus_message *m, const char *entries_sig,
			      const char *entry_sig,
			      int (*read_value)(sd_bus_message *m,
						const char *key, void *userdata),
			      void *userdata)
{
	const char *key;
	int r;

	r = sd_bus_message_enter_container(m, 'a', entries_sig);
	if (r < 0)
		return r;
	while ((r = sd_bus_message_enter_container(m, 'e', entry_sig)) > 0) {
		r = sd_bus_message_read(m, "s", &key);
		if (r < 0)
			return r;
		r = read_value(m, key, userdata);
		if (r < 0)
			return r;
		r = sd_bus_message_exit_container(m);
		if (r < 0)
			return r;
	}
	if (r < 0)
		return r;
	return sd_bus_message_exit_container(m);
}

int omtctl_read_dict(sd_bus_message *m, omtctl_dict_entry_reader read_entry,
		     void *userdata)
{
	return walk_keyed_entries(m, "{sv}", "sv", read_entry, userdata);
}

int omtctl_read_named_dicts(sd_bus_message *m,
			    omtctl_named_dict_reader read_named, void *userdata)
{
	return walk_keyed_entries(m, "{sa{sv}}", "sa{sv}", read_named, userdata);
}
