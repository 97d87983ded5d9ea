// SPDX-License-Identifier: MIT
/*
 * caller_regroups USER FIRST_GROUP THEN_GROUP INTERFACE.METHOD
 *
 * A bus caller whose groups change after it connected, as the process at a
 * PID does when the PID is reused: connect to the system bus as USER in
 * FIRST_GROUP only, then (through the saved root uid) change the process's
 * groups to THEN_GROUP only, and call METHOD on org.omt.Table1.  /proc now
 * says THEN_GROUP; the bus daemon still vouches for FIRST_GROUP.  Prints
 * "ok" or the D-Bus error name.  Run as root; a test helper, not a test.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <systemd/sd-bus.h>

static gid_t group_named(const char *name)
{
	struct group *g = getgrnam(name);

	if (!g) {
		fprintf(stderr, "no group %s\n", name);
		exit(2);
	}
	return g->gr_gid;
}

static void become(uid_t uid, gid_t group)
{
	/* Back to root (the saved uid) to change groups, then uid again. */
	if (seteuid(0) != 0 || setgroups(1, &group) != 0 ||
	    setresgid(group, group, group) != 0 ||
	    setresuid(uid, uid, 0) != 0) {
		perror("changing credentials");
		exit(2);
	}
}

/*
 * In the sanitizer build: LeakSanitizer cannot inspect a process that has
 * changed its credentials (it fails at exit), and this one only lives for
 * one call.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}

int main(int argc, char **argv)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	const char *unique, *dot;
	char interface[128];
	struct passwd *pw;
	sd_bus *bus = NULL;
	int r;

	if (argc != 5 || !(dot = strrchr(argv[4], '.')) ||
	    (size_t)(dot - argv[4]) >= sizeof(interface)) {
		fprintf(stderr, "usage: %s USER FIRST_GROUP THEN_GROUP INTERFACE.METHOD\n",
			argv[0]);
		return 2;
	}
	pw = getpwnam(argv[1]);
	if (!pw) {
		fprintf(stderr, "no user %s\n", argv[1]);
		return 2;
	}
	memcpy(interface, argv[4], (size_t)(dot - argv[4]));
	interface[dot - argv[4]] = '\0';

	become(pw->pw_uid, group_named(argv[2]));
	r = sd_bus_open_system(&bus);
	/* Hello answered: the bus has taken our credentials by now. */
	if (r >= 0)
		r = sd_bus_get_unique_name(bus, &unique);
	if (r < 0) {
		fprintf(stderr, "cannot connect: %s\n", strerror(-r));
		return 2;
	}
	become(pw->pw_uid, group_named(argv[3]));

	r = sd_bus_call_method(bus, "org.omt.Table1", "/org/omt/Table1",
			       interface, dot + 1, &error, &reply, "");
	if (r < 0)
		printf("%s\n", error.name ? error.name : strerror(-r));
	else
		printf("ok\n");
	fflush(stdout);
	sd_bus_error_free(&error);
	sd_bus_message_unref(reply);
	sd_bus_flush_close_unref(bus);
	return 0;
}
