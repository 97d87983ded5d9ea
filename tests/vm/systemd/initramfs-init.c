// SPDX-License-Identifier: MIT
/*
 * The first process of the systemd test guest (tests/vm/systemd/run.sh),
 * linked statically and run from the guest's initramfs.
 *
 * Debian's kernel has virtio, 9p and overlayfs as modules, so the host's
 * root cannot be the guest's root directly, as in the debug test guest.
 * This loads the modules the host listed in /modules.list (in dependency
 * order), mounts the host's root read-only over 9p, lays a tmpfs over it
 * with overlayfs (the guest installs and writes anywhere, the host sees
 * none of it), moves into that root and runs the guest's second stage
 * there as PID 1: the script the kernel command line names in
 * OMT_STAGE2, which sets the guest up and hands over to systemd.
 *
 * Any failure is reported on the console and ends in a reboot, which the
 * host's qemu (-no-reboot) turns into an exit.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NEW_ROOT "/newroot"
#define LOWER "/lower"
#define RW "/rw"

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("omt-initramfs: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static _Noreturn void give_up(const char *what)
{
	say("%s: %s; rebooting", what, strerror(errno));
	sync();
	reboot(RB_AUTOBOOT);
	for (;;)
		pause();
}

static void console_on_stdio(void)
{
	int fd;

	mkdir("/dev", 0755);
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) != 0 && errno != EBUSY)
		return;
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

static void load_modules(void)
{
	char path[512];
	FILE *list = fopen("/modules.list", "r");

	if (!list)
		give_up("/modules.list");
	while (fgets(path, sizeof(path), list)) {
		int fd;

		path[strcspn(path, "\n")] = '\0';
		if (!path[0])
			continue;
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			give_up(path);
		if (syscall(SYS_finit_module, fd, "", 0) != 0 && errno != EEXIST)
			give_up(path);
		close(fd);
	}
	fclose(list);
}

/* The 9p transport binds to its PCI device as the modules load; allow it
 * a few seconds should the probe finish late. */
static void mount_host_root(void)
{
	const char *opts = "trans=virtio,version=9p2000.L,msize=262144,cache=loose";

	mkdir(LOWER, 0755);
	for (int tries = 0; tries < 50; tries++) {
		if (mount("root", LOWER, "9p", MS_RDONLY, opts) == 0)
			return;
		usleep(100 * 1000);
	}
	give_up("mounting the host's root over 9p");
}

static void mount_overlay(void)
{
	mkdir(RW, 0755);
	if (mount("tmpfs", RW, "tmpfs", 0, "mode=0755") != 0)
		give_up("tmpfs for the writable layer");
	mkdir(RW "/upper", 0755);
	mkdir(RW "/work", 0755);
	mkdir(NEW_ROOT, 0755);
	if (mount("overlay", NEW_ROOT, "overlay", 0,
		  "lowerdir=" LOWER ",upperdir=" RW "/upper,workdir=" RW "/work") != 0)
		give_up("overlayfs over the host's root");
}

static void enter_new_root(void)
{
	if (mount("/dev", NEW_ROOT "/dev", NULL, MS_MOVE, NULL) != 0)
		give_up("moving /dev");
	if (chdir(NEW_ROOT) != 0)
		give_up("chdir to the new root");
	if (mount(".", "/", NULL, MS_MOVE, NULL) != 0)
		give_up("moving the new root to /");
	if (chroot(".") != 0 || chdir("/") != 0)
		give_up("chroot");
}

int main(void)
{
	const char *stage2 = getenv("OMT_STAGE2");

	console_on_stdio();
	say("loading modules");
	load_modules();
	mount_host_root();
	mount_overlay();
	enter_new_root();
	if (!stage2 || !stage2[0]) {
		errno = EINVAL;
		give_up("no OMT_STAGE2 on the kernel command line");
	}
	say("running %s", stage2);
	execl(stage2, stage2, (char *)NULL);
	give_up(stage2);
}
