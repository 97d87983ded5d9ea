// SPDX-License-Identifier: MIT
/*
 * Presets: name rules, limit checks, the file format (round trip and every
 * kind of damage), and the atomic store on a real directory.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_run.h"
#include "presets.h"
#include "presets_store.h"

static const struct omt_preset_limits limits = {
	.height_min = 450, .height_max = 950, .tilt_min = -10, .tilt_max = 30,
};

static struct omt_preset make(const char *name, double height, double tilt)
{
	struct omt_preset p = { .height = height, .tilt = tilt };

	snprintf(p.name, sizeof(p.name), "%s", name);
	return p;
}

START_TEST(names_valid)
{
	ck_assert(omt_preset_name_valid("a"));
	ck_assert(omt_preset_name_valid("Lumbar_roll-2"));
	ck_assert(omt_preset_name_valid("0123456789abcdefghijABCDEFGHIJ_-"));
	ck_assert(omt_preset_name_valid("\xc3\x84rztin"));          /* Ärztin */
	ck_assert(omt_preset_name_valid("dot.name"));
	ck_assert(omt_preset_name_valid("\xce\xb1\xce\xb2"));       /* Greek */
	ck_assert(omt_preset_name_valid("\xf0\x9f\xa6\xb4"));        /* U+1F9B4 */
}
END_TEST

START_TEST(names_invalid)
{
	static const char *const bad[] = {
		"", "has space", "slash/x", "back\\slash", "tab\t",
		"0123456789abcdefghijABCDEFGHIJ_-x", "../etc", "a\nb",
		".", "..", "del\x7f",
		"\xc3", "x\x84",                     /* truncated, stray byte */
		"\xc0\xaf",                           /* overlong '/' */
		"\xed\xa0\x80",                       /* surrogate */
		"\xf4\x90\x80\x80",                   /* past U+10FFFF */
		"a\xc2\xa0" "b",                         /* no-break space */
		"a\xc2\x85" "b",                         /* C1 control (NEL) */
		"a\xe2\x80\xa8" "b",                     /* line separator */
		"a\xe3\x80\x80" "b",                     /* ideographic space */
	};

	ck_assert(!omt_preset_name_valid(NULL));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!omt_preset_name_valid(bad[i]), "accepted '%s'",
			      bad[i]);
}
END_TEST

/* Every byte value as a one-character name: only the allowed set passes. */
START_TEST(names_every_byte)
{
	for (int c = 1; c < 256; c++) {
		char name[2] = { (char)c, 0 };
		/* Printable ASCII but the separators; "." alone is no name. */
		bool allowed = c > ' ' && c < 0x7f && c != '/' &&
			       c != '\\' && c != '.';

		ck_assert_int_eq(omt_preset_name_valid(name), allowed);
	}
}
END_TEST

/* 32 characters of up to 4 bytes each; the 33rd is one too many. */
START_TEST(names_bounded_in_characters)
{
	char name[4 * 33 + 1] = "";

	for (int i = 0; i < 32; i++)
		strcat(name, "\xf0\x9f\xa6\xb4");
	ck_assert(omt_preset_name_valid(name));
	strcat(name, "a");
	ck_assert(!omt_preset_name_valid(name));
	memset(name, 0, sizeof(name));
	for (int i = 0; i < 32; i++)
		strcat(name, "\xc3\xa4");
	ck_assert(omt_preset_name_valid(name));
}
END_TEST

START_TEST(names_compare_without_case)
{
	ck_assert(omt_preset_names_equal("Prone", "prone"));
	ck_assert(omt_preset_names_equal("PRONE", "pRoNe"));
	ck_assert(omt_preset_names_equal("\xc3\x84rztin", "\xc3\xa4RZTIN"));
	ck_assert(omt_preset_names_equal("\xc5\x81\xc3\xb3" "d\xc5\xba",
					 "\xc5\x82\xc3\x93" "D\xc5\xb9")); /* Łódź */
	ck_assert(omt_preset_names_equal("\xce\x91", "\xce\xb1")); /* Alpha */
	ck_assert(omt_preset_names_equal("\xd0\x96", "\xd0\xb6")); /* Zhe */
	ck_assert(!omt_preset_names_equal("prone", "prone2"));
	ck_assert(!omt_preset_names_equal("prone", "pron"));
	ck_assert(!omt_preset_names_equal("a", "\xc3\xa4"));
	ck_assert(!omt_preset_names_equal("\xc3\x97", "\xc3\xb7")); /* x / */
}
END_TEST

START_TEST(add_refuses_a_taken_name_in_any_case)
{
	struct omt_preset_set set = { 0 };
	struct omt_preset p = make("Prone", 700, 0);

	ck_assert_int_eq(omt_preset_add(&set, &p), 0);
	p = make("prone", 650, 1);
	ck_assert_int_eq(omt_preset_add(&set, &p), -EEXIST);
	ck_assert_uint_eq(set.count, 1);
	ck_assert(set.item[0].height == 700);
	/* put (save --force) replaces it, in place, with the new spelling. */
	ck_assert_int_eq(omt_preset_put(&set, &p), 0);
	ck_assert_uint_eq(set.count, 1);
	ck_assert_str_eq(set.item[0].name, "prone");
	ck_assert(set.item[0].height == 650);
	ck_assert_ptr_eq(omt_preset_find(&set, "PRONE"), &set.item[0]);
}
END_TEST

START_TEST(rename_keeps_values_and_place)
{
	struct omt_preset_set set = { 0 };
	struct omt_preset p = make("a", 500, 1);

	snprintf(p.owner, sizeof(p.owner), "dr-lee");
	ck_assert_int_eq(omt_preset_add(&set, &p), 0);
	p = make("b", 600, 2);
	ck_assert_int_eq(omt_preset_add(&set, &p), 0);
	ck_assert_int_eq(omt_preset_rename(&set, "A", "seated"), 0);
	ck_assert_str_eq(set.item[0].name, "seated");
	ck_assert_str_eq(set.item[0].owner, "dr-lee");
	ck_assert(set.item[0].height == 500);
	ck_assert_int_eq(omt_preset_rename(&set, "seated", "B"), -EEXIST);
	ck_assert_int_eq(omt_preset_rename(&set, "nosuch", "c"), -ENOENT);
	ck_assert_int_eq(omt_preset_rename(&set, "b", "x/y"), -EINVAL);
	/* A change of case alone is allowed. */
	ck_assert_int_eq(omt_preset_rename(&set, "seated", "Seated"), 0);
	ck_assert_str_eq(set.item[0].name, "Seated");
	ck_assert_str_eq(set.item[1].name, "b");
}
END_TEST

START_TEST(bad_owner_refused)
{
	struct omt_preset_set set = { 0 };
	struct omt_preset p = make("a", 500, 1);

	snprintf(p.owner, sizeof(p.owner), "dr lee");
	ck_assert_int_eq(omt_preset_add(&set, &p), -EINVAL);
	ck_assert_int_eq(omt_preset_put(&set, &p), -EINVAL);
	ck_assert_int_eq(omt_preset_check(&p, &limits), OMT_PRESET_BAD_NAME);
	ck_assert_uint_eq(set.count, 0);
}
END_TEST

/* A version 1 file, from before names compared without case, still loads. */
START_TEST(parse_version_1_with_case_twins)
{
	const char *text = "omt-presets 1\npreset Prone 700 0\n"
			   "preset prone 650 1\nend 2\n";
	struct omt_preset_set set;

	ck_assert_int_eq(omt_presets_parse(text, strlen(text), &set, NULL, 0),
			 0);
	ck_assert_uint_eq(set.count, 2);
	ck_assert(omt_preset_find(&set, "prone")->height == 650);
	ck_assert(omt_preset_find(&set, "Prone")->height == 700);
	ck_assert(omt_preset_find(&set, "PRONE")->height == 700);
}
END_TEST

START_TEST(round_trip_utf8_and_owners)
{
	struct omt_preset_set set = { 0 }, back;
	static char text[OMT_PRESETS_FILE_MAX];
	int n;

	for (int i = 0; i < OMT_PRESETS_MAX; i++) {
		struct omt_preset p = make("", -1e300 / (i + 1), -1e-300 * i);

		/* The longest names and owners there can be. */
		for (int c = 0; c < OMT_PRESET_NAME_MAX - 2; c++)
			strcat(p.name, "\xf0\x9f\xa6\xb4");
		for (int c = 0; c < OMT_PRESET_NAME_MAX; c++)
			strcat(p.owner, "\xf0\x9f\xa6\xb4");
		snprintf(p.name + strlen(p.name), 3, "%c%c", 'A' + i % 26,
			 'a' + i / 26);
		if (i % 2)
			p.owner[0] = '\0';
		ck_assert_int_eq(omt_preset_add(&set, &p), 0);
	}
	n = omt_presets_serialize(&set, text, sizeof(text));
	ck_assert_int_gt(n, 0);
	ck_assert(strncmp(text, "omt-presets 2\n", 14) == 0);
	ck_assert_int_eq(omt_presets_parse(text, (size_t)n, &back, NULL, 0),
			 0);
	ck_assert_uint_eq(back.count, set.count);
	for (unsigned int i = 0; i < set.count; i++) {
		ck_assert_str_eq(back.item[i].name, set.item[i].name);
		ck_assert_str_eq(back.item[i].owner, set.item[i].owner);
		ck_assert(back.item[i].height == set.item[i].height);
		ck_assert(back.item[i].tilt == set.item[i].tilt);
	}
}
END_TEST

/* Quoting a bad name never yields malformed UTF-8 (D-Bus drops such replies). */
START_TEST(excerpt_keeps_utf8_whole)
{
	char out[41], name[200] = "";

	for (int i = 0; i < 33; i++)
		strcat(name, "\xe2\x82\xac");              /* the euro sign */
	omt_text_excerpt(name, out, sizeof(out));
	ck_assert_uint_le(strlen(out), 40);
	ck_assert_str_eq(out + strlen(out) - 3, "...");
	out[strlen(out) - 3] = '\0';
	ck_assert_uint_eq(strlen(out) % 3, 0);       /* whole characters */
	ck_assert(strncmp(out, name, strlen(out)) == 0);
	omt_text_excerpt("a\xc3" "b\x01" "c\xed\xa0\x80", out, sizeof(out));
	ck_assert_str_eq(out, "a?b?c???");
	omt_text_excerpt("short", out, sizeof(out));
	ck_assert_str_eq(out, "short");
	omt_text_excerpt("abcdef", out, 4);
	ck_assert_str_eq(out, "...");
	omt_text_excerpt("abcdef", out, 6);
	ck_assert_str_eq(out, "ab...");
}
END_TEST

START_TEST(check_limits)
{
	struct omt_preset p = make("x", 450, -10);

	ck_assert_int_eq(omt_preset_check(&p, &limits), OMT_PRESET_OK);
	p = make("x", 950, 30);
	ck_assert_int_eq(omt_preset_check(&p, &limits), OMT_PRESET_OK);
	p = make("x", 449.99, 0);
	ck_assert_int_eq(omt_preset_check(&p, &limits), OMT_PRESET_OUT_OF_RANGE);
	p = make("x", 950.01, 0);
	ck_assert_int_eq(omt_preset_check(&p, &limits), OMT_PRESET_OUT_OF_RANGE);
	p = make("x", 700, -10.01);
	ck_assert_int_eq(omt_preset_check(&p, &limits), OMT_PRESET_OUT_OF_RANGE);
	p = make("x", 700, 30.01);
	ck_assert_int_eq(omt_preset_check(&p, &limits), OMT_PRESET_OUT_OF_RANGE);
	p = make("x", NAN, 0);
	ck_assert_int_eq(omt_preset_check(&p, &limits), OMT_PRESET_NOT_FINITE);
	p = make("x", 700, INFINITY);
	ck_assert_int_eq(omt_preset_check(&p, &limits), OMT_PRESET_NOT_FINITE);
	p = make("x", 700, -INFINITY);
	ck_assert_int_eq(omt_preset_check(&p, &limits), OMT_PRESET_NOT_FINITE);
	p = make("bad name", 700, 0);
	ck_assert_int_eq(omt_preset_check(&p, &limits), OMT_PRESET_BAD_NAME);
}
END_TEST

START_TEST(put_replace_remove)
{
	struct omt_preset_set set = { 0 };
	struct omt_preset p = make("a", 500, 1);

	ck_assert_int_eq(omt_preset_put(&set, &p), 0);
	p = make("b", 600, 2);
	ck_assert_int_eq(omt_preset_put(&set, &p), 0);
	p = make("a", 700, 3);
	ck_assert_int_eq(omt_preset_put(&set, &p), 0);
	ck_assert_uint_eq(set.count, 2);
	ck_assert(omt_preset_find(&set, "a")->height == 700);
	ck_assert_int_eq(omt_preset_remove(&set, "a"), 0);
	ck_assert_int_eq(omt_preset_remove(&set, "a"), -ENOENT);
	ck_assert_uint_eq(set.count, 1);
	ck_assert_str_eq(set.item[0].name, "b");
	ck_assert_ptr_null(omt_preset_find(&set, "a"));
}
END_TEST

START_TEST(put_refuses_bad_and_full)
{
	struct omt_preset_set set = { 0 };
	struct omt_preset p = make("bad name", 500, 1);

	ck_assert_int_eq(omt_preset_put(&set, &p), -EINVAL);
	p = make("nan", NAN, 1);
	ck_assert_int_eq(omt_preset_put(&set, &p), -EINVAL);
	ck_assert_uint_eq(set.count, 0);
	for (int i = 0; i < OMT_PRESETS_MAX; i++) {
		char name[16];

		snprintf(name, sizeof(name), "p%d", i);
		p = make(name, 500 + i, 0);
		ck_assert_int_eq(omt_preset_put(&set, &p), 0);
	}
	p = make("onemore", 500, 0);
	ck_assert_int_eq(omt_preset_put(&set, &p), -ENOSPC);
	ck_assert_uint_eq(set.count, OMT_PRESETS_MAX);
	/* Replacing one in a full set still works. */
	p = make("p3", 800, 0);
	ck_assert_int_eq(omt_preset_put(&set, &p), 0);
}
END_TEST

START_TEST(round_trip_exact)
{
	struct omt_preset_set set = { 0 }, back;
	static char text[OMT_PRESETS_FILE_MAX];
	char err[128];
	int n;

	for (int i = 0; i < OMT_PRESETS_MAX; i++) {
		char name[OMT_PRESET_NAME_MAX + 1];
		struct omt_preset p;

		/* Longest names and awkward values must still fit. */
		snprintf(name, sizeof(name), "%032d", i);
		p = make(name, -123456.789012345678 / (i + 1), 0.1 + i * 1e-9);
		ck_assert_int_eq(omt_preset_put(&set, &p), 0);
	}
	n = omt_presets_serialize(&set, text, sizeof(text));
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(omt_presets_parse(text, (size_t)n, &back, err,
					   sizeof(err)), 0);
	ck_assert_uint_eq(back.count, set.count);
	for (unsigned int i = 0; i < set.count; i++) {
		ck_assert_str_eq(back.item[i].name, set.item[i].name);
		ck_assert(back.item[i].height == set.item[i].height);
		ck_assert(back.item[i].tilt == set.item[i].tilt);
	}
}
END_TEST

START_TEST(serialize_too_small)
{
	struct omt_preset_set set = { 0 };
	struct omt_preset p = make("a", 500, 1);
	char small[20];

	omt_preset_put(&set, &p);
	ck_assert_int_eq(omt_presets_serialize(&set, small, sizeof(small)),
			 -ENOSPC);
	ck_assert_int_eq(omt_presets_serialize(&set, small, 0), -ENOSPC);
}
END_TEST

START_TEST(parse_empty_set)
{
	const char *text = "omt-presets 1\nend 0\n";
	struct omt_preset_set set = { .count = 7 };

	ck_assert_int_eq(omt_presets_parse(text, strlen(text), &set, NULL, 0),
			 0);
	ck_assert_uint_eq(set.count, 0);
}
END_TEST

/* Each damaged file is refused as a whole and leaves the output alone. */
static const char *const damaged[] = {
	"",
	"omt-presets 1\n",                                   /* no end */
	"omt-presets 3\nend 0\n",                            /* version */
	"omt-presets 2\npreset a 500 1 o x\nend 1\n",        /* extra */
	"omt-presets 2\npreset a 500 1 o/x\nend 1\n",        /* owner */
	"omt-presets 2\npreset a 500 1\npreset a 5 1\nend 2\n",
	"omt-presets 1\npreset a 500 1\n",                   /* truncated */
	"omt-presets 1\npreset a 500 1\nend 0\n",            /* count */
	"omt-presets 1\npreset a 500 1\nend 2\n",
	"omt-presets 1\npreset a 500 1\nend 1",              /* no newline */
	"omt-presets 1\npreset a 500 1\nend 1\nx\n",         /* trailer */
	"omt-presets 1\npreset a 500 1\nend 1\nend 1\n",
	"omt-presets 1\npreset a 500\nend 1\n",              /* missing */
	"omt-presets 1\npreset a 500 1 2\nend 1\n",          /* extra */
	"omt-presets 1\npreset a nan 1\nend 1\n",            /* NaN */
	"omt-presets 1\npreset a 500 inf\nend 1\n",          /* inf */
	"omt-presets 1\npreset a 1e999 1\nend 1\n",          /* overflow */
	"omt-presets 1\npreset a 500x 1\nend 1\n",           /* junk */
	"omt-presets 1\npreset a  1\nend 1\n",
	"omt-presets 1\npreset b/c 500 1\nend 1\n",          /* name */
	"omt-presets 1\npreset 0123456789abcdefghijABCDEFGHIJ_-x 1 1\nend 1\n",
	"omt-presets 1\npreset a 500 1\npreset a 600 1\nend 2\n", /* twice */
	"omt-presets 1\nfoo a 500 1\nend 1\n",               /* keyword */
	"omt-presets 1\nend -1\n",
	"omt-presets 1\nend x\n",
	"omt-presets 1\nend 65\n",
	"\nomt-presets 1\nend 0\n",
};

START_TEST(parse_damaged)
{
	struct omt_preset_set set = { .count = 3 };
	const char *text = damaged[_i];
	char err[128] = "";

	ck_assert_int_eq(omt_presets_parse(text, strlen(text), &set, err,
					   sizeof(err)), -EBADMSG);
	ck_assert_uint_eq(set.count, 3);
	ck_assert_msg(err[0] != '\0', "no reason given for case %d", _i);
}
END_TEST

START_TEST(parse_embedded_nul)
{
	const char text[] = "omt-presets 1\npreset a\0 500 1\nend 1\n";
	struct omt_preset_set set;

	ck_assert_int_eq(omt_presets_parse(text, sizeof(text) - 1, &set, NULL,
					   0), -EBADMSG);
}
END_TEST

START_TEST(parse_too_many)
{
	static char text[OMT_PRESETS_FILE_MAX * 2];
	struct omt_preset_set set;
	size_t n = 0;

	n += sprintf(text + n, "omt-presets 1\n");
	for (int i = 0; i <= OMT_PRESETS_MAX; i++)
		n += sprintf(text + n, "preset p%d 500 0\n", i);
	n += sprintf(text + n, "end %d\n", OMT_PRESETS_MAX + 1);
	ck_assert_int_eq(omt_presets_parse(text, n, &set, NULL, 0), -EBADMSG);
}
END_TEST

/* Every truncation of a valid file is refused (the end line guards it). */
START_TEST(parse_every_truncation)
{
	struct omt_preset_set set = { 0 }, out;
	char text[512];
	int n;

	for (int i = 0; i < 3; i++) {
		char name[16];
		struct omt_preset p;

		snprintf(name, sizeof(name), "p%d", i);
		p = make(name, 500 + i, i);
		omt_preset_put(&set, &p);
	}
	n = omt_presets_serialize(&set, text, sizeof(text));
	for (int cut = 0; cut < n; cut++)
		ck_assert_msg(omt_presets_parse(text, (size_t)cut, &out, NULL,
						0) == -EBADMSG,
			      "accepted a file cut at %d of %d", cut, n);
}
END_TEST

static char dir[64];

static void make_dir(void)
{
	strcpy(dir, "/tmp/omt-presets-test.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void)
{
	char command[128];

	snprintf(command, sizeof(command), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(command), 0);
}

static void write_file(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(store_missing_is_empty)
{
	struct omt_preset_set set = { .count = 5 };

	make_dir();
	ck_assert_int_eq(omt_presets_load(dir, &set, NULL, 0), 0);
	ck_assert_uint_eq(set.count, 0);
	remove_dir();
}
END_TEST

START_TEST(store_save_load)
{
	struct omt_preset_set set = { 0 }, back;
	struct omt_preset p = make("supine", 650.5, -2.25);
	char path[128];
	struct stat st;

	make_dir();
	omt_preset_put(&set, &p);
	ck_assert_int_eq(omt_presets_save(dir, &set), 0);
	p = make("prone", 700, 0);
	omt_preset_put(&set, &p);
	ck_assert_int_eq(omt_presets_save(dir, &set), 0);
	ck_assert_int_eq(omt_presets_load(dir, &back, NULL, 0), 0);
	ck_assert_uint_eq(back.count, 2);
	ck_assert(omt_preset_find(&back, "supine")->tilt == -2.25);
	snprintf(path, sizeof(path), "%s/presets", dir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0644);
	/* No temporary files left behind. */
	snprintf(path, sizeof(path), "ls -A '%s' | grep -qv '^presets$'", dir);
	ck_assert_int_ne(system(path), 0);
	remove_dir();
}
END_TEST

START_TEST(store_damaged_refused_and_set_aside)
{
	struct omt_preset_set set = { .count = 9 };
	char err[128] = "", path[128];

	make_dir();
	write_file("presets", "omt-presets 1\npreset a 500 1\n");
	ck_assert_int_eq(omt_presets_load(dir, &set, err, sizeof(err)),
			 -EBADMSG);
	ck_assert_uint_eq(set.count, 9);
	ck_assert(strstr(err, "truncated") != NULL);
	ck_assert_int_eq(omt_presets_set_aside(dir), 0);
	snprintf(path, sizeof(path), "%s/presets.damaged", dir);
	ck_assert_int_eq(access(path, F_OK), 0);
	ck_assert_int_eq(omt_presets_load(dir, &set, NULL, 0), 0);
	ck_assert_uint_eq(set.count, 0);
	remove_dir();
}
END_TEST

START_TEST(store_oversized_refused)
{
	static char big[OMT_PRESETS_FILE_MAX + 100];
	struct omt_preset_set set;
	char err[128] = "";

	make_dir();
	memset(big, 'x', sizeof(big) - 1);
	write_file("presets", big);
	ck_assert_int_eq(omt_presets_load(dir, &set, err, sizeof(err)),
			 -EBADMSG);
	ck_assert(strstr(err, "larger") != NULL);
	remove_dir();
}
END_TEST

START_TEST(store_missing_dir_fails_cleanly)
{
	struct omt_preset_set set = { 0 };

	ck_assert_int_eq(omt_presets_save("/nonexistent/omt-test", &set),
			 -ENOENT);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("presets");
	TCase *tc = tcase_create("pure");
	TCase *store = tcase_create("store");

	tcase_add_test(tc, names_valid);
	tcase_add_test(tc, names_invalid);
	tcase_add_test(tc, names_every_byte);
	tcase_add_test(tc, names_bounded_in_characters);
	tcase_add_test(tc, names_compare_without_case);
	tcase_add_test(tc, add_refuses_a_taken_name_in_any_case);
	tcase_add_test(tc, rename_keeps_values_and_place);
	tcase_add_test(tc, bad_owner_refused);
	tcase_add_test(tc, parse_version_1_with_case_twins);
	tcase_add_test(tc, round_trip_utf8_and_owners);
	tcase_add_test(tc, excerpt_keeps_utf8_whole);
	tcase_add_test(tc, check_limits);
	tcase_add_test(tc, put_replace_remove);
	tcase_add_test(tc, put_refuses_bad_and_full);
	tcase_add_test(tc, round_trip_exact);
	tcase_add_test(tc, serialize_too_small);
	tcase_add_test(tc, parse_empty_set);
	tcase_add_loop_test(tc, parse_damaged, 0,
			    sizeof(damaged) / sizeof(damaged[0]));
	tcase_add_test(tc, parse_embedded_nul);
	tcase_add_test(tc, parse_too_many);
	tcase_add_test(tc, parse_every_truncation);
	suite_add_tcase(s, tc);
	tcase_add_test(store, store_missing_is_empty);
	tcase_add_test(store, store_save_load);
	tcase_add_test(store, store_damaged_refused_and_set_aside);
	tcase_add_test(store, store_oversized_refused);
	tcase_add_test(store, store_missing_dir_fails_cleanly);
	suite_add_tcase(s, store);
	return omt_check_run(s);
}
