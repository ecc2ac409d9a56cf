/*
 * transport_udp.c: RFC 5424 syslog over UDP (udp://, RFC 5426), one message
 * per datagram. Best effort: nothing tells whether a datagram arrived, so a
 * message counts as taken once send() accepted it; an error reported by the
 * kernel for an earlier datagram (ICMP port unreachable: nobody listens) is
 * retried like a broken connection, which is all UDP can offer. A message
 * longer than UDP_MAX_LEN cannot be one datagram: it is dropped and counted.
 */
#include "forward/transport.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "forward/net.h"
#include "util/alloc.h"

/* The largest UDP payload over IPv4 (65535 - 8 - 20) */
#define UDP_MAX_LEN 65507

struct transport {
	int fd;
	char name[300];
	uint64_t sent;
};

static int
udp_open(struct transport **out, const struct transport_params *p, char *err, size_t errlen)
{
	struct transport *t = alloc_check(calloc(1, sizeof(*t)));

	snprintf(t->name, sizeof(t->name), "%s:%s", p->url->host, p->url->port);
	t->fd = net_connect(p->url->host, p->url->port, SOCK_DGRAM, 1000, err, errlen);
	if (t->fd < 0) {
		free(t);
		return TRANSPORT_RETRY;
	}
	*out = t;
	return 0;
}

static int
udp_send(struct transport *t, const char *msg, size_t len, char *err, size_t errlen)
{
	ssize_t n;

	if (len > UDP_MAX_LEN)
		return TRANSPORT_DROPPED;
	do
		n = send(t->fd, msg, len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		snprintf(err, errlen, "%s: %s", t->name, strerror(errno));
		return TRANSPORT_RETRY;
	}
	t->sent++;
	return 0;
}

static uint64_t
udp_confirmed(struct transport *t)
{
	return t->sent;
}

static int
udp_sync(struct transport *t, char *err, size_t errlen)
{
	(void)t;
	(void)err;
	(void)errlen;
	return 0;
}

static void
udp_close(struct transport *t)
{
	if (t == NULL)
		return;
	close(t->fd);
	free(t);
}

/* How many messages may wait for sync(). */
static unsigned
udp_sync_every(struct transport *t)
{
	(void)t;
	return 0;
}

const struct transport_ops transport_udp_ops = {
    .open = udp_open,
    .send = udp_send,
    .confirmed = udp_confirmed,
    .sync = udp_sync,
    .close = udp_close,
    .sync_every = udp_sync_every,
    .max_len = UDP_MAX_LEN,
};
