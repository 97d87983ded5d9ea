// SPDX-License-Identifier: MIT
/* omtctl's words into a request; pure, so every bad word can be tested. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "omt_number.h"
#include "omt_fail.h"
#include "args.h"
#include "omt_names.h"

static const char usage[] =
	"Usage: omtctl [OPTIONS] [COMMAND [ARGS]]\n"
	"\n"
	"  status                      the table's state, position, faults (the default)\n"
	"  move height=MM tilt=DEG     move (either or both); holds while running;\n"
	"                              heights in millimetres, tilt in degrees\n"
	"  stop                        controlled stop of all motion\n"
	"  estop                       emergency stop (latched until faults clear)\n"
	"  lock | unlock               lockout against accidental activation\n"
	"  preset list [--for OWNER]   saved presets with height, tilt and owner\n"
	"  preset show|recall|delete NAME\n"
	"  preset save NAME [--force] [--for OWNER]\n"
	"                              --force replaces a preset of that name\n"
	"  preset rename NAME NEW-NAME\n"
	"  drop arm|disarm SECTION     cervical, thoracic, lumbar, pelvic\n"
	"  drop tension SECTION LEVEL  level 1..10\n"
	"  faults [clear]              active faults, or clear them\n"
	"  diag loop|timing|inputs|axes|link|log\n"
	"                              diagnostics (group omt-service)\n"
	"  diag read UNIT ADDR COUNT   raw holding registers (UNIT: a drive or io)\n"
	"  diag write UNIT ADDR VALUE  one register; the table must be locked\n"
	"  diag trace --seconds N --out FILE.csv\n"
	"                              every cycle's setpoint, position, current\n"
	"  diag selftest [--no-pedals] drive identities, a small move per axis,\n"
	"                              a guided pedal test\n"
	"  diag report --out FILE.tar.gz\n"
	"                              the whole factory bundle (nothing moves)\n"
	"  monitor                     follow the table live (Ctrl-C ends)\n"
	"\n"
	"Options: --json[=short|pretty|off]  JSON on stdout, nothing else\n"
	"         -q, --quiet       no progress bar\n"
	"         --no-legend       tables without their header\n"
	"         --no-pager        accepted; omtctl never pages\n"
	"         --version         omtctl's and omtd's versions\n"
	"         -h, --help\n"
	"Preset names: up to 32 characters (any script), no spaces, '/' or '\\'.\n"
	"Exit status:\n";

void omtctl_print_usage(FILE *out)
{
#define EXIT_MEANING(name, meaning) meaning,
	static const char *const meanings[OMTCTL_EXIT_CODES] = {
		OMTCTL_EXIT_LIST(EXIT_MEANING)
	};
#undef EXIT_MEANING

	fputs(usage, out);
	for (int code = 0; code < OMTCTL_EXIT_CODES; code++)
		fprintf(out, "  %d  %s\n", code, meanings[code]);
}

/*
 * A plain decimal number, the whole word: "650", "-2.5", "+3", ".5".  Not
 * hex ("0x2ee"), exponents, "inf" or "nan", which strtod would take:
 * nobody means those as a table height.
 */
static bool parse_number(const char *word, double *value)
{
	const char *p = word;
	bool digits = false;
	char *end;

	if (*p == '+' || *p == '-')
		p++;
	for (; isdigit((unsigned char)*p); p++)
		digits = true;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			digits = true;
	if (!digits || *p)
		return false;
	errno = 0;
	*value = strtod(word, &end);
	return *end == '\0' && errno == 0 && isfinite(*value);
}

/* The refusal of a target value, naming the unit. */
static int bad_target(const char *key, const char *value, char *error,
		      size_t size)
{
	bool height = strcmp(key, "height") == 0;

	return omt_fail(OMTCTL_EXIT_USAGE, error, size,
			   "%s '%s' is not a number of %s: give a plain decimal (%s)",
			   key, value, height ? "millimetres" : "degrees",
			   height ? "height=700" : "tilt=-2.5");
}

static int parse_targets(int argc, char *const words[],
			 struct omtctl_request *out, char *error, size_t size)
{
	if (argc == 0)
		return omt_fail(OMTCTL_EXIT_USAGE, error, size,
				   "move needs height=MM and/or tilt=DEG");
	for (int i = 0; i < argc; i++) {
		const char *word = words[i];
		const char *eq = strchr(word, '=');
		unsigned int which;
		double *slot;

		if (!eq)
			return omt_fail(OMTCTL_EXIT_USAGE, error, size,
					   "'%s' is not KEY=VALUE (height=MM, tilt=DEG)",
					   word);
		if ((size_t)(eq - word) == 6 && strncmp(word, "height", 6) == 0) {
			which = OMTCTL_HAS_HEIGHT;
			slot = &out->height;
		} else if ((size_t)(eq - word) == 4 &&
			   strncmp(word, "tilt", 4) == 0) {
			which = OMTCTL_HAS_TILT;
			slot = &out->tilt;
		} else {
			return omt_fail(OMTCTL_EXIT_USAGE, error, size,
					   "unknown target '%.*s' (height, tilt)",
					   (int)(eq - word), word);
		}
		if (out->targets & which)
			return omt_fail(OMTCTL_EXIT_USAGE, error, size, "%.*s given twice",
					   (int)(eq - word), word);
		if (!parse_number(eq + 1, slot))
			return bad_target(which == OMTCTL_HAS_HEIGHT ? "height" :
					  "tilt", eq + 1, error, size);
		out->targets |= which;
	}
	return 0;
}

/* The daemon's preset name rule, checked here so a typo sends nothing. */
static int copy_name(const char *word, char *to, const char *what,
		     char *error, size_t size)
{
	char quoted[48];

	if (!omt_name_valid(word)) {
		omt_text_excerpt(word, quoted, sizeof(quoted));
		return omt_fail(OMTCTL_EXIT_USAGE, error, size,
				   "%s '%s' is not valid: 1 to %d characters, no spaces, control characters, '/' or '\\'",
				   what, quoted, OMT_NAME_MAX_CHARS);
	}
	snprintf(to, OMTCTL_NAME_MAX + 1, "%s", word);
	return 0;
}

static const char *const sections[] = {
	"cervical", "thoracic", "lumbar", "pelvic",
};

/* word into out->name when it is one of words, else a usage error. */
static int copy_word(const char *word, const char *const *words, size_t n,
		     const char *what, struct omtctl_request *out,
		     char *error, size_t size)
{
	char list[160] = "";
	size_t used = 0;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(word, words[i]) == 0) {
			strcpy(out->name, word);
			return 0;
		}
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
					 i ? ", " : "", words[i]);
		if (used >= sizeof(list))
			used = sizeof(list) - 1;
	}
	return omt_fail(OMTCTL_EXIT_USAGE, error, size, "unknown %s '%s' (%s)",
			what, word, list);
}

static int copy_section(const char *word, struct omtctl_request *out,
			char *error, size_t size)
{
	return copy_word(word, sections, sizeof(sections) / sizeof(sections[0]),
			 "drop section", out, error, size);
}

static int parse_level(const char *word, uint32_t *level, char *error,
		       size_t size)
{
	unsigned long v;

	if (!omt_parse_whole(word, 10, 1, 10, &v))
		return omt_fail(OMTCTL_EXIT_USAGE, error, size,
				   "tension level '%s' is not a whole number 1..10",
				   word);
	*level = (uint32_t)v;
	return 0;
}

static const char *const units[] = {
	"height", "tilt", "cervical", "thoracic", "lumbar", "pelvic", "io",
};

static int copy_unit(const char *word, struct omtctl_request *out,
		     char *error, size_t size)
{
	return copy_word(word, units, sizeof(units) / sizeof(units[0]), "unit",
			 out, error, size);
}

/* A register address or value: decimal or 0x hex, 0..65535, whole word. */
static int parse_u16(const char *word, const char *what, unsigned long min,
		     unsigned long max, uint16_t *out, char *error,
		     size_t size)
{
	unsigned long v;

	if (!omt_parse_whole(word, 0, min, max, &v))
		return omt_fail(OMTCTL_EXIT_USAGE, error, size,
				   "%s '%s' is not a whole number %lu..%lu (0x for hex)",
				   what, word, min, max);
	*out = (uint16_t)v;
	return 0;
}

static int parse_seconds(const char *word, uint32_t *seconds, char *error,
			 size_t size)
{
	unsigned long v;

	if (!omt_parse_whole(word, 10, 1, OMTCTL_TRACE_SECONDS_MAX, &v))
		return omt_fail(OMTCTL_EXIT_USAGE, error, size,
				   "--seconds '%s' is not a whole number 1..%d",
				   word, OMTCTL_TRACE_SECONDS_MAX);
	*seconds = (uint32_t)v;
	return 0;
}

static int want_args(const char *verb, int argc, int wanted, char *error,
		     size_t size)
{
	if (argc != wanted)
		return omt_fail(OMTCTL_EXIT_USAGE, error, size, "%s takes %d argument%s, got %d",
				   verb, wanted, wanted == 1 ? "" : "s", argc);
	return 0;
}

/* Word table for sub-commands: "preset save" -> OMTCTL_PRESET_SAVE. */
struct word_verb {
	const char *word;
	enum omtctl_verb verb;
	int args;
};

static const struct word_verb *find(const struct word_verb *table,
				    const char *word)
{
	for (; table->word; table++)
		if (strcmp(table->word, word) == 0)
			return table;
	return NULL;
}

static const struct word_verb plain_verbs[] = {
	{ "status", OMTCTL_STATUS, 0 },   { "stop", OMTCTL_STOP, 0 },
	{ "estop", OMTCTL_ESTOP, 0 },     { "lock", OMTCTL_LOCK, 0 },
	{ "unlock", OMTCTL_UNLOCK, 0 },   { "monitor", OMTCTL_MONITOR, 0 },
	{ "help", OMTCTL_HELP, 0 },       { NULL, 0, 0 },
};

static const struct word_verb preset_verbs[] = {
	{ "list", OMTCTL_PRESET_LIST, 0 },
	{ "save", OMTCTL_PRESET_SAVE, 1 },
	{ "recall", OMTCTL_PRESET_RECALL, 1 },
	{ "delete", OMTCTL_PRESET_DELETE, 1 },
	{ "show", OMTCTL_PRESET_SHOW, 1 },
	{ "rename", OMTCTL_PRESET_RENAME, 2 },
	{ NULL, 0, 0 },
};

static const struct word_verb drop_verbs[] = {
	{ "arm", OMTCTL_DROP_ARM, 1 },
	{ "disarm", OMTCTL_DROP_DISARM, 1 },
	{ "tension", OMTCTL_DROP_TENSION, 2 },
	{ NULL, 0, 0 },
};

static const struct word_verb diag_verbs[] = {
	{ "loop", OMTCTL_DIAG_LOOP, 0 },
	{ "inputs", OMTCTL_DIAG_INPUTS, 0 },
	{ "axes", OMTCTL_DIAG_AXES, 0 },
	{ "timing", OMTCTL_DIAG_TIMING, 0 },
	{ "link", OMTCTL_DIAG_LINK, 0 },
	{ "log", OMTCTL_DIAG_LOG, 0 },
	{ "read", OMTCTL_DIAG_READ, 3 },
	{ "write", OMTCTL_DIAG_WRITE, 3 },
	{ "trace", OMTCTL_DIAG_TRACE, 0 },
	{ "selftest", OMTCTL_DIAG_SELFTEST, 0 },
	{ "report", OMTCTL_DIAG_REPORT, 0 },
	{ NULL, 0, 0 },
};

static int parse_sub(const char *group, const struct word_verb *table,
		     int argc, char *const words[], struct omtctl_request *out,
		     char *error, size_t size)
{
	const struct word_verb *v;
	int r;

	if (argc == 0)
		return omt_fail(OMTCTL_EXIT_USAGE, error, size, "%s needs a sub-command", group);
	v = find(table, words[0]);
	if (!v)
		return omt_fail(OMTCTL_EXIT_USAGE, error, size, "unknown %s sub-command '%s'",
				   group, words[0]);
	r = want_args(words[0], argc - 1, v->args, error, size);
	if (r)
		return r;
	out->verb = v->verb;
	switch (v->verb) {
	case OMTCTL_PRESET_SAVE:
	case OMTCTL_PRESET_RECALL:
	case OMTCTL_PRESET_DELETE:
	case OMTCTL_PRESET_SHOW:
		return copy_name(words[1], out->name, "preset name", error,
				 size);
	case OMTCTL_PRESET_RENAME:
		r = copy_name(words[1], out->name, "preset name", error, size);
		return r ? r : copy_name(words[2], out->new_name,
					 "new preset name", error, size);
	case OMTCTL_DROP_ARM:
	case OMTCTL_DROP_DISARM:
		return copy_section(words[1], out, error, size);
	case OMTCTL_DROP_TENSION:
		r = copy_section(words[1], out, error, size);
		return r ? r : parse_level(words[2], &out->level, error, size);
	case OMTCTL_DIAG_READ:
		r = copy_unit(words[1], out, error, size);
		if (!r)
			r = parse_u16(words[2], "address", 0, 65535,
				      &out->address, error, size);
		return r ? r : parse_u16(words[3], "count", 1, OMTCTL_READ_MAX,
					 &out->count, error, size);
	case OMTCTL_DIAG_WRITE:
		r = copy_unit(words[1], out, error, size);
		if (!r)
			r = parse_u16(words[2], "address", 0, 65535,
				      &out->address, error, size);
		return r ? r : parse_u16(words[3], "value", 0, 65535,
					 &out->value, error, size);
	default:
		return 0;
	}
}

enum {
	OPT_JSON = 0x100,
	OPT_NO_PEDALS,
	OPT_SECONDS,
	OPT_OUT,
	OPT_FORCE,
	OPT_FOR,
	OPT_NO_PAGER,
	OPT_NO_LEGEND,
	OPT_VERSION,
};

static const struct option options[] = {
	{ "json", optional_argument, NULL, OPT_JSON },
	{ "quiet", no_argument, NULL, 'q' },
	{ "no-pedals", no_argument, NULL, OPT_NO_PEDALS },
	{ "seconds", required_argument, NULL, OPT_SECONDS },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "for", required_argument, NULL, OPT_FOR },
	{ "no-pager", no_argument, NULL, OPT_NO_PAGER },
	{ "no-legend", no_argument, NULL, OPT_NO_LEGEND },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_json_style(const char *value, struct omtctl_request *req,
			    char *error, size_t size)
{
	if (!value || strcmp(value, "short") == 0)
		req->json_style = OMTCTL_JSON_SHORT;
	else if (strcmp(value, "pretty") == 0)
		req->json_style = OMTCTL_JSON_PRETTY;
	else if (strcmp(value, "off") == 0)
		req->json_style = OMTCTL_JSON_OFF;
	else
		return omt_fail(OMTCTL_EXIT_USAGE, error, size,
				   "--json='%s': use short, pretty or off",
				   value);
	req->json = req->json_style != OMTCTL_JSON_OFF;
	return 0;
}

/* The option as the user wrote it, for a one-line complaint. */
static const char *offending(int argc, char *const argv[])
{
	int i = optind - 1;

	return i > 0 && i < argc ? argv[i] : "?";
}

static int parse_options(int argc, char *const argv[],
			 struct omtctl_request *req, bool *help, char *error,
			 size_t size)
{
	int c, r = 0;

	optind = 0;     /* a full reset: tests parse many command lines */
	opterr = 0;     /* the complaint is ours, one line */
	while (r == 0 &&
	       (c = getopt_long(argc, argv, ":qh", options, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			r = parse_json_style(optarg, req, error, size);
			break;
		case 'q':
			req->quiet = true;
			break;
		case OPT_NO_PEDALS:
			req->no_pedals = true;
			break;
		case OPT_SECONDS:
			r = parse_seconds(optarg, &req->seconds, error, size);
			break;
		case OPT_OUT:
			if (optarg[0] == '\0')
				r = omt_fail(OMTCTL_EXIT_USAGE, error, size,
						"--out needs a file name");
			req->out_path = optarg;
			break;
		case OPT_FORCE:
			req->force = true;
			break;
		case OPT_FOR:
			r = copy_name(optarg, req->owner, "owner", error,
				      size);
			break;
		case OPT_NO_PAGER:
			break;  /* nothing omtctl prints is paged */
		case OPT_NO_LEGEND:
			req->no_legend = true;
			break;
		case OPT_VERSION:
			req->verb = OMTCTL_VERSION;
			break;
		case 'h':
			*help = true;
			break;
		case ':':
			r = omt_fail(OMTCTL_EXIT_USAGE, error, size, "%s needs a value",
					offending(argc, argv));
			break;
		default:
			r = omt_fail(OMTCTL_EXIT_USAGE, error, size, "unknown option '%s'",
					offending(argc, argv));
			break;
		}
	}
	return r;
}

int omtctl_parse(int argc, char *const argv[], struct omtctl_request *out,
		 char *error, size_t size)
{
	struct omtctl_request req = { .verb = OMTCTL_HELP };
	char *const *words;
	bool help = false;
	int n, r;
	const struct word_verb *v;

	/*
	 * Options may stand anywhere (GNU getopt moves the words after
	 * them); "--" ends them, so "move -- tilt=-2" works too.
	 */
	r = parse_options(argc, argv, &req, &help, error, size);
	if (r)
		return r;
	if (help) {
		*out = (struct omtctl_request){ .verb = OMTCTL_HELP };
		return 0;
	}
	words = argv + optind;
	n = argc - optind;
	if (req.verb == OMTCTL_VERSION) {
		if (n)
			return omt_fail(OMTCTL_EXIT_USAGE, error, size,
					   "--version takes no command");
		*out = req;
		return 0;
	}
	/* No verb shows the status, as systemd's tools do. */
	if (n == 0) {
		req.verb = OMTCTL_STATUS;
		r = 0;
	} else if ((v = find(plain_verbs, words[0]))) {
		r = want_args(words[0], n - 1, 0, error, size);
		if (r)
			return r;
		req.verb = v->verb;
	} else if (strcmp(words[0], "move") == 0) {
		req.verb = OMTCTL_MOVE;
		r = parse_targets(n - 1, words + 1, &req, error, size);
	} else if (strcmp(words[0], "preset") == 0) {
		r = parse_sub("preset", preset_verbs, n - 1, words + 1, &req,
			      error, size);
	} else if (strcmp(words[0], "drop") == 0) {
		r = parse_sub("drop", drop_verbs, n - 1, words + 1, &req, error,
			      size);
	} else if (strcmp(words[0], "diag") == 0) {
		r = parse_sub("diag", diag_verbs, n - 1, words + 1, &req, error,
			      size);
	} else if (strcmp(words[0], "faults") == 0) {
		if (n == 1) {
			req.verb = OMTCTL_FAULTS;
			r = 0;
		} else if (n == 2 && strcmp(words[1], "clear") == 0) {
			req.verb = OMTCTL_FAULTS_CLEAR;
			r = 0;
		} else {
			r = omt_fail(OMTCTL_EXIT_USAGE, error, size,
					"faults takes nothing or 'clear'");
		}
	} else {
		r = omt_fail(OMTCTL_EXIT_USAGE, error, size, "unknown command '%s'", words[0]);
	}
	if (r)
		return r;
	/* The trace's options belong to it alone, and it needs both. */
	if (req.verb == OMTCTL_DIAG_TRACE && (!req.seconds || !req.out_path))
		return omt_fail(OMTCTL_EXIT_USAGE, error, size,
				   "diag trace needs --seconds N and --out FILE");
	if (req.verb == OMTCTL_DIAG_REPORT && (!req.out_path || req.seconds))
		return omt_fail(OMTCTL_EXIT_USAGE, error, size,
				   "diag report needs --out FILE.tar.gz (and no --seconds)");
	if (req.verb != OMTCTL_DIAG_TRACE && req.verb != OMTCTL_DIAG_REPORT &&
	    (req.seconds || req.out_path))
		return omt_fail(OMTCTL_EXIT_USAGE, error, size,
				   "--seconds and --out go with diag trace (and --out with diag report) only");
	if (req.verb != OMTCTL_DIAG_SELFTEST && req.no_pedals)
		return omt_fail(OMTCTL_EXIT_USAGE, error, size,
				   "--no-pedals goes with diag selftest only");
	if (req.verb != OMTCTL_PRESET_SAVE && req.force)
		return omt_fail(OMTCTL_EXIT_USAGE, error, size,
				   "--force goes with preset save only");
	if (req.verb != OMTCTL_PRESET_SAVE && req.verb != OMTCTL_PRESET_LIST &&
	    req.owner[0])
		return omt_fail(OMTCTL_EXIT_USAGE, error, size,
				   "--for goes with preset save and preset list only");
	*out = req;
	return 0;
}
