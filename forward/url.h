/*
 * url.h: forwarding target addresses (--to, forward: to).
 */
#ifndef PODAUDIT_FORWARD_URL_H
#define PODAUDIT_FORWARD_URL_H

#include <stddef.h>

enum forward_scheme {
	FORWARD_RELP,	  /* relp://HOST:PORT */
	FORWARD_RELP_TLS, /* relp+tls://HOST:PORT */
	FORWARD_TCP,	  /* tcp://HOST:PORT, RFC 6587 octet counting */
	FORWARD_TLS,	  /* tls://HOST:PORT, RFC 5425 */
	FORWARD_UDP,	  /* udp://HOST:PORT, RFC 5426 */
	FORWARD_FILE,	  /* file:PATH, JSON lines appended */
	FORWARD_STDOUT,	  /* - */
};

/* A parsed target. host/port are set for network schemes, path for file:. */
struct forward_url {
	enum forward_scheme scheme;
	char host[256]; /* without the brackets of an IPv6 literal */
	char port[6];
	char path[4096];
};

/*
 * Parse s into *u. Accepted: relp://HOST:PORT, relp+tls://HOST:PORT,
 * tcp://HOST:PORT, tls://HOST:PORT, udp://HOST:PORT (HOST a name, an IPv4
 * address or an [IPv6] address; PORT 1-65535), file:PATH (also
 * file:///abs/path) and "-" for standard output. Returns 0, or -1 with a
 * message quoting s in err.
 */
int forward_url_parse(const char *s, struct forward_url *u, char *err, size_t errlen);

/* 1 when the scheme sends syslog messages (relp, tcp, tls, udp), else 0. */
int forward_url_is_syslog(enum forward_scheme s);

#endif
