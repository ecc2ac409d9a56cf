/*
 * url.c: parse forwarding target addresses; see url.h.
 */
#include "forward/url.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define URL_FORMS                                                                                  \
	"relp://HOST:PORT, relp+tls://HOST:PORT, tcp://HOST:PORT, tls://HOST:PORT, "               \
	"udp://HOST:PORT, file:PATH or -"

static const struct {
	const char *prefix;
	enum forward_scheme scheme;
} schemes[] = {
    {"relp://", FORWARD_RELP}, {"relp+tls://", FORWARD_RELP_TLS}, {"tcp://", FORWARD_TCP},
    {"tls://", FORWARD_TLS},   {"udp://", FORWARD_UDP},
};

/*
 * Parse "HOST:PORT" (rest of a network URL) into u. Returns 0, or -1 with a
 * message quoting the whole argument s in err.
 */
static int
parse_hostport(const char *s, const char *hp, struct forward_url *u, char *err, size_t errlen)
{
	const char *host = hp, *hend, *port;
	char *end;
	long p;

	if (*hp == '[') {
		host = hp + 1;
		hend = strchr(host, ']');
		if (hend == NULL) {
			snprintf(err, errlen, "'%s': missing ']' after the IPv6 address", s);
			return -1;
		}
		port = hend + 1;
	} else {
		hend = strrchr(hp, ':');
		if (hend == NULL)
			hend = hp + strlen(hp);
		port = hend;
	}
	if (hend == host) {
		snprintf(err, errlen, "'%s': a host is required (" URL_FORMS ")", s);
		return -1;
	}
	if ((size_t)(hend - host) >= sizeof(u->host)) {
		snprintf(err, errlen, "'%s': host name too long", s);
		return -1;
	}
	for (const char *c = host; c < hend; c++)
		if (!isalnum((unsigned char)*c) && strchr(".-_:%", *c) == NULL) {
			snprintf(err, errlen, "'%s': invalid character in the host name", s);
			return -1;
		}
	if (*hp != '[' && memchr(host, ':', (size_t)(hend - host)) != NULL) {
		snprintf(err, errlen, "'%s': write an IPv6 address in brackets: [::1]:PORT", s);
		return -1;
	}
	if (*port != ':' || port[1] == '\0') {
		snprintf(err, errlen, "'%s': a port is required (" URL_FORMS ")", s);
		return -1;
	}
	port++;
	if (strspn(port, "0123456789") != strlen(port) || strlen(port) > 5) {
		snprintf(err, errlen, "'%s': the port must be a number from 1 to 65535", s);
		return -1;
	}
	p = strtol(port, &end, 10);
	if (p < 1 || p > 65535) {
		snprintf(err, errlen, "'%s': the port must be a number from 1 to 65535", s);
		return -1;
	}
	memcpy(u->host, host, (size_t)(hend - host));
	u->host[hend - host] = '\0';
	snprintf(u->port, sizeof(u->port), "%ld", p);
	return 0;
}

int
forward_url_parse(const char *s, struct forward_url *u, char *err, size_t errlen)
{
	memset(u, 0, sizeof(*u));
	if (s == NULL || *s == '\0') {
		snprintf(err, errlen, "'': empty target (" URL_FORMS ")");
		return -1;
	}
	if (strcmp(s, "-") == 0) {
		u->scheme = FORWARD_STDOUT;
		return 0;
	}
	if (strncmp(s, "file:", 5) == 0) {
		const char *path = s + 5;
		if (strncmp(path, "//", 2) == 0) {
			path += 2;
			if (*path != '/') {
				snprintf(
				    err, errlen,
				    "'%s': file:// takes an absolute path (file:///var/log/x.json) "
				    "or write file:PATH",
				    s);
				return -1;
			}
		}
		if (*path == '\0') {
			snprintf(err, errlen, "'%s': a file path is required (file:PATH)", s);
			return -1;
		}
		if (strlen(path) >= sizeof(u->path)) {
			snprintf(err, errlen, "'%s': path too long", s);
			return -1;
		}
		u->scheme = FORWARD_FILE;
		strcpy(u->path, path);
		return 0;
	}
	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		size_t n = strlen(schemes[i].prefix);
		if (strncmp(s, schemes[i].prefix, n) == 0) {
			u->scheme = schemes[i].scheme;
			if (strchr(s + n, '/') != NULL || strchr(s + n, '?') != NULL) {
				snprintf(err, errlen, "'%s': nothing may follow HOST:PORT", s);
				return -1;
			}
			return parse_hostport(s, s + n, u, err, errlen);
		}
	}
	snprintf(err, errlen, "'%s': unknown target (" URL_FORMS ")", s);
	return -1;
}

int
forward_url_is_syslog(enum forward_scheme s)
{
	return s != FORWARD_FILE && s != FORWARD_STDOUT;
}
