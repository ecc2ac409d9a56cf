/*
 * transport_stream.c: RFC 5424 syslog over TCP (tcp://, RFC 6587
 * octet-counting framing: "LEN SP MSG", so newlines inside a message
 * survive) and over TLS (tls://, RFC 5425, the same framing; OpenSSL, peer
 * certificate and host name verified).
 *
 * Syslog over TCP has no acknowledgements, and a frame written into the
 * socket proves nothing: when the receiver goes away, or refuses the client
 * after the TLS handshake, what sits in the kernel's buffers is lost. So a
 * connection carries at most STREAM_BATCH messages; sync() then closes it
 * gracefully (TLS close_notify, then shutdown(SHUT_WR)) and waits for the
 * receiver to close its side. A receiver closes after reading everything up
 * to our end of stream (one that closes with unread data resets the
 * connection instead), so an orderly end of stream from it confirms every
 * message of the connection; a reset, an error or no answer within
 * STREAM_CLOSE_TIMEOUT_MS confirms none and they are sent again. The next
 * send() opens a new connection. What this cannot prove is that the
 * receiver kept what it read (it may crash with it in memory): that takes
 * RELP.
 */
#include "forward/transport.h"

#include <errno.h>
#include <poll.h>
#include <sys/time.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "forward/net.h"
#include "forward/tlsclient.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#define CONNECT_TIMEOUT_MS	10000
#define STREAM_CLOSE_TIMEOUT_MS 10000
#define STREAM_BATCH		4096

struct transport {
	int fd; /* -1 between connections */
	SSL_CTX *ctx;
	SSL *ssl;
	struct forward_url url;
	char name[300]; /* host:port, for messages */
	struct strbuf frame;
	uint64_t sent, confirmed;
};

/* Append OpenSSL's queued errors (or what) to err, and clear the queue. */
static void
ssl_error(const struct transport *t, const char *what, char *err, size_t errlen)
{
	tlsclient_error(t->name, what, err, errlen);
}

/* Drop the connection at once. */
static void
disconnect(struct transport *t)
{
	SSL_free(t->ssl);
	t->ssl = NULL;
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}

/* Release everything t holds; unconfirmed messages are abandoned. */
static void
stream_close(struct transport *t)
{
	if (t == NULL)
		return;
	disconnect(t);
	SSL_CTX_free(t->ctx);
	strbuf_free(&t->frame);
	free(t);
}

/* Connect (and for tls:// shake hands). Returns 0 or TRANSPORT_RETRY. */
static int
stream_connect(struct transport *t, char *err, size_t errlen)
{
	t->fd = net_connect(t->url.host, t->url.port, SOCK_STREAM, CONNECT_TIMEOUT_MS, err, errlen);
	if (t->fd < 0)
		return TRANSPORT_RETRY;
	if (t->ctx != NULL &&
	    tlsclient_handshake(t->ctx, t->fd, t->url.host, t->name, &t->ssl, err, errlen) != 0) {
		disconnect(t);
		return TRANSPORT_RETRY;
	}
	return 0;
}

static int
stream_open(struct transport **out, const struct transport_params *p, char *err, size_t errlen)
{
	struct transport *t = alloc_check(calloc(1, sizeof(*t)));
	int rc = 0;

	t->fd = -1;
	t->url = *p->url;
	t->frame = (struct strbuf)STRBUF_INIT;
	snprintf(t->name, sizeof(t->name), "%s:%s", p->url->host, p->url->port);
	if (p->url->scheme == FORWARD_TLS)
		rc = tlsclient_context(&t->ctx, p->tls, t->name, err, errlen);
	if (rc == 0)
		rc = stream_connect(t, err, errlen);
	if (rc != 0) {
		stream_close(t);
		return rc;
	}
	*out = t;
	return 0;
}

/* Write the frame "LEN SP MSG" whole. */
static int
stream_send(struct transport *t, const char *msg, size_t len, char *err, size_t errlen)
{
	size_t off = 0;
	int rc;

	if (t->fd < 0 && (rc = stream_connect(t, err, errlen)) != 0)
		return rc;
	if (net_peer_closed(t->fd)) {
		snprintf(err, errlen, "%s: the receiver closed the connection", t->name);
		return TRANSPORT_RETRY;
	}
	strbuf_reset(&t->frame);
	strbuf_printf(&t->frame, "%zu ", len);
	strbuf_add(&t->frame, msg, len);
	while (off < t->frame.len) {
		if (t->ssl != NULL) {
			size_t n = 0;
			if (SSL_write_ex(t->ssl, t->frame.buf + off, t->frame.len - off, &n) != 1) {
				ssl_error(t, "TLS write failed", err, errlen);
				return TRANSPORT_RETRY;
			}
			off += n;
		} else {
			ssize_t n =
			    send(t->fd, t->frame.buf + off, t->frame.len - off, MSG_NOSIGNAL);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				snprintf(err, errlen, "%s: %s", t->name, strerror(errno));
				return TRANSPORT_RETRY;
			}
			off += (size_t)n;
		}
	}
	t->sent++;
	return 0;
}

static uint64_t
stream_confirmed(struct transport *t)
{
	return t->confirmed;
}

/*
 * Wait (at most until deadline, monotonic ms) for the receiver's end of
 * stream, reading and discarding what it sends (TLS session tickets, its
 * close_notify). Returns 0 on an orderly end of stream, -1 with a message.
 */
static int
wait_eof(struct transport *t, int64_t deadline, char *err, size_t errlen)
{
	char buf[4096];
	struct pollfd pfd = {.fd = t->fd, .events = POLLIN};

	for (;;) {
		struct timespec ts;
		int64_t left;
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		left = deadline - ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
		if (left <= 0) {
			snprintf(err, errlen, "%s: the receiver did not close the connection",
				 t->name);
			return -1;
		}
		if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR) {
			snprintf(err, errlen, "%s: poll: %s", t->name, strerror(errno));
			return -1;
		}
		if (t->ssl != NULL) {
			size_t got = 0;
			int e;
			if (SSL_read_ex(t->ssl, buf, sizeof(buf), &got) == 1)
				continue;
			e = SSL_get_error(t->ssl, 0);
			if (e == SSL_ERROR_ZERO_RETURN) /* close_notify */
				return 0;
			if (e == SSL_ERROR_WANT_READ)
				continue;
			if (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0 && errno == 0)
				return 0; /* end of stream without close_notify */
			ssl_error(t, "TLS: connection not closed cleanly", err, errlen);
			return -1;
		}
		n = recv(t->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n == 0)
			return 0;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
			snprintf(err, errlen, "%s: %s", t->name, strerror(errno));
			return -1;
		}
	}
}

/*
 * Close the connection gracefully and wait for the receiver to close its
 * side: then it has read every message (see the top of this file).
 */
static int
stream_sync(struct transport *t, char *err, size_t errlen)
{
	struct timespec ts;
	int64_t deadline;
	int rc = 0;

	if (t->fd < 0) {
		t->confirmed = t->sent;
		return 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	deadline = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + STREAM_CLOSE_TIMEOUT_MS;
	if (t->ssl != NULL && SSL_shutdown(t->ssl) < 0) {
		ssl_error(t, "TLS: close_notify failed", err, errlen);
		rc = -1;
	}
	if (rc == 0 && shutdown(t->fd, SHUT_WR) != 0) {
		snprintf(err, errlen, "%s: shutdown: %s", t->name, strerror(errno));
		rc = -1;
	}
	if (rc == 0) {
		/* bound the blocking reads of SSL_read too */
		struct timeval tv = {STREAM_CLOSE_TIMEOUT_MS / 1000, 0};
		setsockopt(t->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		errno = 0;
		rc = wait_eof(t, deadline, err, errlen);
	}
	disconnect(t);
	if (rc != 0)
		return TRANSPORT_RETRY;
	t->confirmed = t->sent;
	return 0;
}

/* How many messages may wait for sync(). */
static unsigned
stream_sync_every(struct transport *t)
{
	(void)t;
	return STREAM_BATCH;
}

const struct transport_ops transport_stream_ops = {
    .open = stream_open,
    .send = stream_send,
    .confirmed = stream_confirmed,
    .sync = stream_sync,
    .close = stream_close,
    .sync_every = stream_sync_every,
    .max_len = 0,
};
