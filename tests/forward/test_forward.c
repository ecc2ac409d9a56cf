/*
 * test_forward.c: unit tests of the forward module's pure parts: target
 * URLs, format names, RFC 5424 host names, RELP frame parsing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "forward/forward.h"
#include "forward/relp_frame.h"
#include "forward/render.h"
#include "forward/url.h"

static void
test_url_ok(void **state)
{
	struct forward_url u;
	char err[256];

	(void)state;
	assert_int_equal(forward_url_parse("relp://siem.example.org:2514", &u, err, sizeof(err)),
			 0);
	assert_int_equal(u.scheme, FORWARD_RELP);
	assert_string_equal(u.host, "siem.example.org");
	assert_string_equal(u.port, "2514");
	assert_int_equal(forward_url_parse("tls://[::1]:6514", &u, err, sizeof(err)), 0);
	assert_int_equal(u.scheme, FORWARD_TLS);
	assert_string_equal(u.host, "::1");
	assert_string_equal(u.port, "6514");
	assert_int_equal(forward_url_parse("relp+tls://10.0.0.1:20514", &u, err, sizeof(err)), 0);
	assert_int_equal(u.scheme, FORWARD_RELP_TLS);
	assert_int_equal(forward_url_parse("udp://127.0.0.1:514", &u, err, sizeof(err)), 0);
	assert_int_equal(u.scheme, FORWARD_UDP);
	assert_int_equal(forward_url_parse("tcp://h:1", &u, err, sizeof(err)), 0);
	assert_string_equal(u.port, "1");
	assert_int_equal(forward_url_parse("file:rel/x.jsonl", &u, err, sizeof(err)), 0);
	assert_int_equal(u.scheme, FORWARD_FILE);
	assert_string_equal(u.path, "rel/x.jsonl");
	assert_int_equal(forward_url_parse("file:///var/log/x", &u, err, sizeof(err)), 0);
	assert_string_equal(u.path, "/var/log/x");
	assert_int_equal(forward_url_parse("-", &u, err, sizeof(err)), 0);
	assert_int_equal(u.scheme, FORWARD_STDOUT);
	assert_true(forward_url_is_syslog(FORWARD_TCP));
	assert_false(forward_url_is_syslog(FORWARD_FILE));
}

static void
test_url_errors(void **state)
{
	static const struct {
		const char *url, *msg;
	} cases[] = {
	    {"", "empty target"},
	    {"relp://host", "'relp://host': a port is required"},
	    {"relp://host:", "a port is required"},
	    {"tcp://:514", "a host is required"},
	    {"tcp://h:0", "the port must be a number from 1 to 65535"},
	    {"tcp://h:65536", "the port must be a number from 1 to 65535"},
	    {"tcp://h:12a", "the port must be a number"},
	    {"tcp://h:-1", "the port must be a number"},
	    {"tcp://::1:514", "write an IPv6 address in brackets"},
	    {"tcp://[::1:514", "missing ']'"},
	    {"tcp://h:514/path", "nothing may follow HOST:PORT"},
	    {"tcp://h o:514", "invalid character in the host name"},
	    {"http://h:80", "'http://h:80': unknown target"},
	    {"file:", "a file path is required"},
	    {"file://relative", "file:// takes an absolute path"},
	    {"siem:514", "unknown target"},
	};
	struct forward_url u;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		assert_int_equal(forward_url_parse(cases[i].url, &u, err, sizeof(err)), -1);
		if (strstr(err, cases[i].msg) == NULL)
			fail_msg("%s: got '%s', want '%s'", cases[i].url, err, cases[i].msg);
	}
}

static void
test_format(void **state)
{
	enum forward_format f;

	(void)state;
	assert_int_equal(forward_format_parse("ecs", &f), 0);
	assert_int_equal(f, FORWARD_ECS);
	assert_int_equal(forward_format_parse("json", &f), 0);
	assert_int_equal(f, FORWARD_JSON);
	assert_int_equal(forward_format_parse("rfc5424", &f), 0);
	assert_int_equal(f, FORWARD_RFC5424);
	assert_int_equal(forward_format_parse("ECS", &f), -1);
	assert_int_equal(forward_format_parse("", &f), -1);
	assert_string_equal(forward_format_name(FORWARD_RFC5424), "rfc5424");
}

static void
test_hostname(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char longname[400];

	(void)state;
	forward_render_hostname(&sb, "web-1.example", 13, "local");
	assert_string_equal(strbuf_str(&sb), "web-1.example");
	strbuf_reset(&sb);
	forward_render_hostname(&sb, "", 0, "local");
	assert_string_equal(strbuf_str(&sb), "local");
	strbuf_reset(&sb);
	forward_render_hostname(&sb, "", 0, "");
	assert_string_equal(strbuf_str(&sb), "-");
	strbuf_reset(&sb);
	forward_render_hostname(&sb, "a b\n\xff", 5, "local");
	assert_string_equal(strbuf_str(&sb), "a_b__");
	strbuf_reset(&sb);
	memset(longname, 'x', sizeof(longname));
	forward_render_hostname(&sb, longname, sizeof(longname), "local");
	assert_int_equal(sb.len, 255);
	strbuf_free(&sb);
}

/* Parse a whole string as frames; the number of bytes the first takes. */
static long
parse(const char *s, struct relp_frame *f)
{
	return relp_frame_parse(s, strlen(s), 1024, f);
}

static void
test_relp_frame(void **state)
{
	struct relp_frame f;
	const char *both = "2 rsp 6 200 OK\n651 rsp 0\n0 serverclose 0\n";
	size_t n = strlen(both), off = 0;
	long used;

	(void)state;
	/* what rsyslog's imrelp sends: answers to syslog and close, the hint */
	used = relp_frame_parse(both, n, 1024, &f);
	assert_int_equal(used, 15);
	assert_int_equal(f.txnr, 2);
	assert_string_equal(f.cmd, "rsp");
	assert_int_equal(f.len, 6);
	assert_memory_equal(f.data, "200 OK", 6);
	off += (size_t)used;
	used = relp_frame_parse(both + off, n - off, 1024, &f);
	assert_int_equal(used, 10);
	assert_int_equal(f.txnr, 651);
	assert_int_equal(f.len, 0);
	off += (size_t)used;
	used = relp_frame_parse(both + off, n - off, 1024, &f);
	assert_int_equal(used, 16);
	assert_int_equal(f.txnr, 0);
	assert_string_equal(f.cmd, "serverclose");
	assert_int_equal(off + (size_t)used, n);
	/* "0" SP LF is tolerated for an empty frame */
	assert_int_equal(parse("7 rsp 0 \n", &f), 9);
	/* DATA may hold LF and spaces; its length decides */
	assert_int_equal(parse("1 rsp 21 200 OK\nrelp_version=0\n", &f), 31);
	assert_int_equal(f.len, 21);
	/* every proper prefix of a frame asks for more */
	for (size_t k = 0; k < 15; k++)
		assert_int_equal(relp_frame_parse(both, k, 1024, &f), 0);
	/* framing errors */
	assert_int_equal(parse("x rsp 0\n", &f), -1);
	assert_int_equal(parse("1234567890 rsp 0\n", &f), -1); /* TXNR: at most 9 digits */
	assert_int_equal(parse("1  rsp 0\n", &f), -1);
	assert_int_equal(parse("1 rsp\n", &f), -1);
	assert_int_equal(parse("1 r2p 0\n", &f), -1);
	assert_int_equal(parse("1 rsp 6 200 OKX", &f), -1); /* no LF after DATA */
	assert_int_equal(parse("1 rsp 06200 OK\n", &f), -1);
	assert_int_equal(parse("1 rsp 0x\n", &f), -1);
	assert_int_equal(parse("1 abcdefghijklmnopqrstuvwxyzabcdefg 0\n", &f), -1); /* 33 letters */
	assert_int_equal(parse("1 rsp 2000 x", &f), -1); /* DATALEN > max */
}

static void
test_relp_rsp(void **state)
{
	const char *text;
	size_t len;
	const char *open = "200 OK\nrelp_version=0\nrelp_software=librelp,1.11.0,http://x\n"
			   "commands=eventlog,syslog";

	(void)state;
	assert_int_equal(relp_rsp_status("200 OK", 6, &text, &len), 200);
	assert_int_equal(len, 2);
	assert_memory_equal(text, "OK", 2);
	assert_int_equal(relp_rsp_status("500 refused, too big", 20, &text, &len), 500);
	assert_int_equal(len, 16);
	assert_int_equal(relp_rsp_status("200", 3, &text, &len), 200);
	assert_int_equal(len, 0);
	assert_int_equal(relp_rsp_status(open, strlen(open), &text, &len), 200);
	assert_int_equal(len, 2);
	assert_int_equal(relp_rsp_status("", 0, NULL, NULL), -1);
	assert_int_equal(relp_rsp_status("20", 2, NULL, NULL), -1);
	assert_int_equal(relp_rsp_status("2000 OK", 7, NULL, NULL), -1);
	assert_int_equal(relp_rsp_status("OK 200", 6, NULL, NULL), -1);

	assert_true(relp_offers_have(open, strlen(open), "relp_version", NULL));
	assert_true(relp_offers_have(open, strlen(open), "commands", "syslog"));
	assert_true(relp_offers_have(open, strlen(open), "commands", "eventlog"));
	assert_false(relp_offers_have(open, strlen(open), "commands", "sys"));
	assert_false(relp_offers_have(open, strlen(open), "command", NULL));
	assert_false(relp_offers_have(open, strlen(open), "OK", NULL)); /* the status line */
	assert_false(relp_offers_have("200 OK\ncommands=", 16, "commands", "syslog"));
	assert_false(relp_offers_have("200 OK", 6, "relp_version", NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_url_ok),     cmocka_unit_test(test_url_errors),
	    cmocka_unit_test(test_format),     cmocka_unit_test(test_hostname),
	    cmocka_unit_test(test_relp_frame), cmocka_unit_test(test_relp_rsp),
	};
	return cmocka_run_group_tests_name("forward", tests, NULL, NULL);
}
