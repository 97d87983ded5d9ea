// SPDX-License-Identifier: MIT
/*
 * The factory bundle: every view a technician sends with a table, in one
 * tar.gz.  Each part is one of omtctl's own commands with its output
 * going to a file, in text and in JSON; MANIFEST lists each part's exit
 * status, so a part that failed (a drive not answering) is visible and
 * does not hide the rest.  Nothing here moves the table: the self-test
 * runs without its motion and pedal steps.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "diag.h"
#include "json.h"
#include "omt_version.h"
#include "report.h"

#define TRACE_SECONDS 2
#define DAEMON_CONFIG "/etc/omt/omtd.conf"

struct part {
	const char *file;
	enum omtctl_verb verb;
	bool json;
};

static const struct part parts[] = {
	{ "version.txt", OMTCTL_VERSION, false },
	{ "status.txt", OMTCTL_STATUS, false },
	{ "status.json", OMTCTL_STATUS, true },
	{ "presets.json", OMTCTL_PRESET_LIST, true },
	{ "loop.txt", OMTCTL_DIAG_LOOP, false },
	{ "timing.txt", OMTCTL_DIAG_TIMING, false },
	{ "timing.json", OMTCTL_DIAG_TIMING, true },
	{ "link.txt", OMTCTL_DIAG_LINK, false },
	{ "link.json", OMTCTL_DIAG_LINK, true },
	{ "axes.txt", OMTCTL_DIAG_AXES, false },
	{ "axes.json", OMTCTL_DIAG_AXES, true },
	{ "inputs.txt", OMTCTL_DIAG_INPUTS, false },
	{ "log.txt", OMTCTL_DIAG_LOG, false },
	{ "log.json", OMTCTL_DIAG_LOG, true },
	{ "selftest.json", OMTCTL_DIAG_SELFTEST, true },
	{ "trace.txt", OMTCTL_DIAG_TRACE, false },
};

/* One command, its standard output into dir/file; returns its exit code. */
static int run_part(sd_bus *bus, const char *dir, const struct part *p,
		    const char *trace_path)
{
	struct omtctl_request req = {
		.verb = p->verb, .json = p->json, .quiet = true,
		.json_style = p->json ? OMTCTL_JSON_SHORT : OMTCTL_JSON_OFF,
		.no_pedals = true, .no_motion = true,
		.seconds = TRACE_SECONDS, .out_path = trace_path,
	};
	char path[4096];
	FILE *saved = stdout, *out;
	int code;

	snprintf(path, sizeof(path), "%s/%s", dir, p->file);
	out = fopen(path, "w");
	if (!out)
		return OMTCTL_EXIT_REFUSED;
	fflush(stdout);
	stdout = out;
	if (p->verb == OMTCTL_VERSION || p->verb == OMTCTL_STATUS ||
	    p->verb == OMTCTL_PRESET_LIST)
		code = omtctl_run_command(bus, &req);
	else
		code = omtctl_run_diag(bus, &req);
	stdout = saved;
	if (fclose(out) == EOF && code == 0)
		code = OMTCTL_EXIT_REFUSED;
	return code;
}

static int copy_file(const char *from, const char *to)
{
	char buffer[8192];
	FILE *in = fopen(from, "r"), *out;
	size_t n;
	int r = 0;

	if (!in)
		return -errno;
	out = fopen(to, "w");
	if (!out) {
		r = -errno;
		fclose(in);
		return r;
	}
	while ((n = fread(buffer, 1, sizeof(buffer), in)) > 0)
		if (fwrite(buffer, 1, n, out) != n)
			r = -EIO;
	if (ferror(in))
		r = -EIO;
	fclose(in);
	if (fclose(out) == EOF && r == 0)
		r = -EIO;
	return r;
}

/* tar -czf OUT -C TOP omt-report, without a shell in between. */
static int pack(const char *top, const char *out)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execlp("tar", "tar", "-czf", out, "-C", top, "omt-report",
		       (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -EIO;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	return remove(path);
}

int omtctl_run_report(sd_bus *bus, const struct omtctl_request *req)
{
	char top[] = "/tmp/omtctl-report.XXXXXX";
	char dir[sizeof(top) + 16], path[4096], trace_path[4096];
	FILE *manifest;
	int failed = 0, code, r;

	if (!mkdtemp(top)) {
		fprintf(stderr, "omtctl: cannot make a temporary directory: %s\n",
			strerror(errno));
		return OMTCTL_EXIT_REFUSED;
	}
	snprintf(dir, sizeof(dir), "%s/omt-report", top);
	snprintf(path, sizeof(path), "%s/MANIFEST", dir);
	snprintf(trace_path, sizeof(trace_path), "%s/trace.csv", dir);
	if (mkdir(dir, 0755) < 0 || !(manifest = fopen(path, "w"))) {
		fprintf(stderr, "omtctl: cannot write in %s: %s\n", top,
			strerror(errno));
		nftw(top, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
		return OMTCTL_EXIT_REFUSED;
	}
	fprintf(manifest, "omt diagnostic report, omtctl %s\n",
		omt_version());
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		code = run_part(bus, dir, &parts[i], trace_path);
		fprintf(manifest, "%-14s exit %d\n", parts[i].file, code);
		failed += code != 0;
	}
	/* The configuration, where this machine keeps it. */
	snprintf(path, sizeof(path), "%s/omtd.conf", dir);
	r = copy_file(DAEMON_CONFIG, path);
	fprintf(manifest, "%-14s %s\n", "omtd.conf",
		r < 0 ? strerror(-r) : "copied from " DAEMON_CONFIG);
	fclose(manifest);
	r = pack(top, req->out_path);
	nftw(top, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	if (r < 0) {
		fprintf(stderr, "omtctl: cannot write %s (tar failed)\n",
			req->out_path);
		return OMTCTL_EXIT_REFUSED;
	}
	if (req->json) {
		printf("{\"file\":");
		omtctl_json_string(stdout, req->out_path);
		printf(",\"parts_failed\":%d}\n", failed);
	}
	else
		printf("Wrote %s: %zu parts, %d failed (see its MANIFEST).\n",
		       req->out_path, sizeof(parts) / sizeof(parts[0]), failed);
	return failed ? OMTCTL_EXIT_REFUSED : 0;
}
