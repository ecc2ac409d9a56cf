/*
 * test_util.c: time arguments (util/when) and CSV cells (util/csv).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "util/csv.h"
#include "util/escape.h"
#include "util/json.h"
#include "util/strbuf.h"
#include "util/when.h"

static char err[512];

static int64_t
parse(const char *s, int64_t now)
{
	int64_t t = -1;

	err[0] = '\0';
	assert_int_equal(when_parse(s, now, &t, err, sizeof(err)), 0);
	return t;
}

/* 2026-11-22T12:34:56.789Z, a Sunday */
#define NOW 1795350896789LL

static void
test_iso_utc(void **state)
{
	(void)state;
	assert_int_equal(when_zone_set("UTC", err, sizeof(err)), 0);
	assert_string_equal(when_zone_name(), "UTC");
	assert_int_equal(parse("2026-11-22", NOW), 1795305600000LL);
	assert_int_equal(parse("2026-11-22T12:34", NOW), 1795350840000LL);
	assert_int_equal(parse("2026-11-22 12:34:56", NOW), 1795350896000LL);
	assert_int_equal(parse("2026-11-22T12:34:56.789", NOW), NOW);
	assert_int_equal(parse("2026-11-22T12:34:56.789Z", NOW), NOW);
	assert_int_equal(parse("2026-11-22T13:34:56.789+01:00", NOW), NOW);
	assert_int_equal(parse("2026-11-22T07:04:56.789-0530", NOW), NOW);
}

static void
test_bad(void **state)
{
	const char *bad[] = {
	    "",	  "2026-13-01", "2026-02-30",	      "2026-11-22T25:00", "yesterdy",
	    "7x", "-7d",	"2026-11-22T10:00+1", "2026-11-22junk",	  "12:00"};
	size_t i;
	int64_t t;

	(void)state;
	assert_int_equal(when_zone_set("UTC", err, sizeof(err)), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(when_parse(bad[i], NOW, &t, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "bad time"));
	}
	assert_int_equal(when_zone_set("Mars/Olympus", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "Mars/Olympus"));
	assert_int_equal(when_zone_set("../../etc/passwd", err, sizeof(err)), -1);
	assert_int_equal(when_period("fortnight", NOW, &t, &t, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "fortnight"));
}

static void
test_relative_and_keywords(void **state)
{
	(void)state;
	assert_int_equal(when_zone_set("UTC", err, sizeof(err)), 0);
	assert_int_equal(parse("now", NOW), NOW);
	assert_int_equal(parse("recent", NOW), NOW - 600000);
	assert_int_equal(parse("30s", NOW), NOW - 30000);
	assert_int_equal(parse("15m", NOW), NOW - 900000);
	assert_int_equal(parse("24h", NOW), NOW - 86400000LL);
	assert_int_equal(parse("7d", NOW), NOW - 7 * 86400000LL);
	assert_int_equal(parse("2w", NOW), NOW - 14 * 86400000LL);
	assert_int_equal(parse("week-ago", NOW), NOW - 7 * 86400000LL);
	assert_int_equal(parse("today", NOW), 1795305600000LL);
	assert_int_equal(parse("yesterday", NOW), 1795305600000LL - 86400000LL);
	/* Sunday 22nd: the ISO week started on Monday 16th */
	assert_int_equal(parse("this-week", NOW), parse("2026-11-16", NOW));
	assert_int_equal(parse("this-month", NOW), parse("2026-11-01", NOW));
	assert_int_equal(parse("this-year", NOW), parse("2026-01-01", NOW));
	assert_true(parse("boot", NOW) > 0);
}

static void
test_periods(void **state)
{
	int64_t s, u;

	(void)state;
	assert_int_equal(when_zone_set("UTC", err, sizeof(err)), 0);
	assert_int_equal(when_period("last-week", NOW, &s, &u, err, sizeof(err)), 0);
	assert_int_equal(s, parse("2026-11-09", NOW));
	assert_int_equal(u, parse("2026-11-16", NOW));
	assert_int_equal(when_period("this-week", NOW, &s, &u, err, sizeof(err)), 0);
	assert_int_equal(s, parse("2026-11-16", NOW));
	assert_int_equal(u, parse("2026-11-23", NOW));
	assert_int_equal(when_period("last-month", NOW, &s, &u, err, sizeof(err)), 0);
	assert_int_equal(s, parse("2026-10-01", NOW));
	assert_int_equal(u, parse("2026-11-01", NOW));
	/* January: last month is in the previous year */
	assert_int_equal(
	    when_period("last-month", parse("2026-01-15", NOW), &s, &u, err, sizeof(err)), 0);
	assert_int_equal(s, parse("2025-12-01", NOW));
	assert_int_equal(when_period("yesterday", NOW, &s, &u, err, sizeof(err)), 0);
	assert_int_equal(u - s, 86400000LL);
}

/* Europe/Paris leaves summer time on 2026-10-25 (03:00 CEST -> 02:00 CET) and
 * enters it on 2026-03-29 (02:00 CET -> 03:00 CEST). */
static void
test_dst(void **state)
{
	int64_t s, u, now;
	char buf[40];

	(void)state;
	assert_int_equal(when_zone_set("Europe/Paris", err, sizeof(err)), 0);
	assert_string_equal(when_zone_name(), "Europe/Paris");
	/* local midnight is 22:00Z in summer, 23:00Z in winter */
	assert_int_equal(parse("2026-10-25", NOW), parse("2026-10-24T22:00:00Z", NOW));
	assert_int_equal(parse("2026-10-26", NOW), parse("2026-10-25T23:00:00Z", NOW));
	/* "yesterday" seen from the day after the change is a 25-hour day */
	now = parse("2026-10-26T09:00", NOW);
	assert_int_equal(when_period("yesterday", now, &s, &u, err, sizeof(err)), 0);
	assert_int_equal(u - s, 25 * 3600000LL);
	now = parse("2026-03-30T09:00", NOW);
	assert_int_equal(when_period("yesterday", now, &s, &u, err, sizeof(err)), 0);
	assert_int_equal(u - s, 23 * 3600000LL);
	/* the week of the spring change is 167 hours long */
	assert_int_equal(when_period("this-week", now - 86400000LL, &s, &u, err, sizeof(err)), 0);
	assert_int_equal(u - s, 167 * 3600000LL);
	assert_string_equal(when_format(parse("2026-07-01T12:00:00Z", NOW), buf, sizeof(buf)),
			    "2026-07-01T14:00:00.000+02:00");
	assert_string_equal(when_format(parse("2026-12-01T12:00:00.5Z", NOW), buf, sizeof(buf)),
			    "2026-12-01T13:00:00.500+01:00");
	assert_int_equal(when_zone_set("UTC", err, sizeof(err)), 0);
	assert_string_equal(when_format(NOW, buf, sizeof(buf)), "2026-11-22T12:34:56.789Z");
}

static const char *
cell(const char *s, size_t n)
{
	static struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);
	csv_put_text(&sb, s, n);
	return strbuf_str(&sb);
}

static void
test_csv(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_string_equal(cell("plain", 5), "plain");
	assert_string_equal(cell("a,b", 3), "\"a,b\"");
	assert_string_equal(cell("say \"hi\"", 8), "\"say \"\"hi\"\"\"");
	assert_string_equal(cell("two\nlines", 9), "\"two\nlines\"");
	assert_string_equal(cell("=1+2", 4), "'=1+2");
	assert_string_equal(cell("+cmd", 4), "'+cmd");
	assert_string_equal(cell("-rf", 3), "'-rf");
	assert_string_equal(cell("@SUM(A1)", 8), "'@SUM(A1)");
	assert_string_equal(cell("\tx", 2), "'\tx");
	assert_string_equal(cell("=HYPERLINK(\"x\",\"y\")", 19),
			    "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
	assert_string_equal(cell("caf\xc3\xa9", 5), "caf\xc3\xa9");
	assert_string_equal(cell("a\xff"
				 "b\0c",
				 5),
			    "a\\xffb\\x00c");
	csv_put_int(&sb, -13);
	assert_string_equal(strbuf_str(&sb), "-13");
	strbuf_free(&sb);
}

/* Text that reorders or hides itself on screen is shown as \uHHHH. */
static void
test_escape_invisible(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	/* "podman run" + RLO + "gpj.exe" + PDF; ZWSP; LRI..PDI; BOM; ALM */
	const char in[] = "run \xe2\x80\xaegpj.exe\xe2\x80\xac a\xe2\x80\x8b"
			  "b "
			  "\xe2\x81\xa6x\xe2\x81\xa9 \xef\xbb\xbf \xd8\x9c \xe2\x82\xac";

	(void)state;
	escape_terminal(&sb, in, sizeof(in) - 1);
	assert_string_equal(strbuf_str(&sb), "run \\u202egpj.exe\\u202c a\\u200bb \\u2066x\\u2069 "
					     "\\ufeff \\u061c \xe2\x82\xac");
	strbuf_free(&sb);
}

/* json_get_string reads back exactly the bytes json_put_string wrote. */
static void
test_json_roundtrip(void **state)
{
	struct strbuf enc = STRBUF_INIT, dec = STRBUF_INIT;
	unsigned char buf[64];
	unsigned seed = 12345;
	const char *p;

	(void)state;
	for (int round = 0; round < 2000; round++) {
		size_t n = (size_t)(round % 64);

		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = (unsigned char)(seed >> 16);
			if (buf[i] == 0)
				buf[i] = 0xff;
		}
		strbuf_reset(&enc);
		strbuf_reset(&dec);
		json_put_string(&enc, (const char *)buf, n);
		p = strbuf_str(&enc);
		assert_int_equal(json_get_string(&p, &dec), 0);
		assert_int_equal(*p, '\0');
		assert_int_equal(dec.len, n);
		assert_memory_equal(dec.buf ? dec.buf : "", buf, n);
	}
	p = "\"caf\\u00e9 \\ud83d\\ude00\"";
	strbuf_reset(&dec);
	assert_int_equal(json_get_string(&p, &dec), 0);
	assert_string_equal(strbuf_str(&dec), "caf\xc3\xa9 \xf0\x9f\x98\x80");
	p = "\"lone \\ud800\"";
	assert_int_equal(json_get_string(&p, &dec), -1);
	p = "\"nul \\u0000\"";
	assert_int_equal(json_get_string(&p, &dec), -1);
	p = "\"unterminated";
	assert_int_equal(json_get_string(&p, &dec), -1);
	strbuf_free(&enc);
	strbuf_free(&dec);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_iso_utc),
	    cmocka_unit_test(test_bad),
	    cmocka_unit_test(test_relative_and_keywords),
	    cmocka_unit_test(test_periods),
	    cmocka_unit_test(test_dst),
	    cmocka_unit_test(test_csv),
	    cmocka_unit_test(test_escape_invisible),
	    cmocka_unit_test(test_json_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
