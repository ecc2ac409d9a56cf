/*
 * test_forward.c: unit tests of the forward module's pure parts: target
 * URLs, format names, RFC 5424 host names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "forward/forward.h"
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_url_ok),
	    cmocka_unit_test(test_url_errors),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_hostname),
	};
	return cmocka_run_group_tests_name("forward", tests, NULL, NULL);
}
