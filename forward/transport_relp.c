/*
 * transport_relp.c: RELP (relp://, relp+tls://), the acknowledged protocol
 * rsyslog's imrelp speaks, implemented here (librelp's doc/relp.md) over a
 * socket or an OpenSSL connection (tlsclient.h, as tls://).
 *
 * What "acknowledged" means here: a message is confirmed when the receiver
 * answered its own "syslog" frame (its transaction number) with "rsp 200",
 * and every message sent before it was confirmed too -- nothing else moves
 * the cursor. Why not librelp: it has no call that says which frames were
 * acknowledged, and it ends a session as if nothing happened when the
 * receiver sends "serverclose" while podaudit waits for the answer to
 * "close", so frames the receiver never answered (rsyslog stopped in the
 * middle of a session) passed for acknowledged (tests/forward/relp.sh).
 *
 * A session: "open" with our offers (relp_version=0, commands=syslog); the
 * answer must be 200 and offer the syslog command. Then "syslog" frames,
 * at most window of them unanswered: send() writes its frame and returns,
 * reading whatever answers arrived; it waits only while the window is full.
 * The socket is non-blocking and both directions move in the same loop
 * (pump), so a receiver blocked writing its answers cannot block us.
 * sync() waits until every frame is answered. close() sends "close" when
 * nothing is unanswered and waits briefly for its answer.
 *
 * The session breaks -- and its unanswered messages are abandoned, for the
 * forwarder to send again from the database -- on: an answer other than
 * 200 (named in the error), "serverclose", the connection closed or reset,
 * a framing error, or no progress for RELP_TIMEOUT_MS. An idle session the
 * receiver closed with every message answered is replaced silently.
 */
#include "forward/transport.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "forward/net.h"
#include "forward/relp_frame.h"
#include "forward/tlsclient.h"
#include "util/alloc.h"
#include "util/escape.h"
#include "util/strbuf.h"

#ifndef PODAUDIT_VERSION
#define PODAUDIT_VERSION "0"
#endif

#define RELP_CONN_TIMEOUT_MS  10000 /* connect and TLS handshake */
#define RELP_TIMEOUT_MS	      30000 /* an answer, or room to write, within */
#define RELP_CLOSE_TIMEOUT_MS 2000  /* the answer to "close" */
#define RELP_STOP_GRACE_MS    2000  /* answers still awaited once stopped */
#define RELP_MAX_RSP	      65536 /* largest DATALEN accepted from the receiver */
#define RELP_READ_CHUNK	      16384

/* A syslog frame sent and not yet confirmed. */
struct inflight {
	uint32_t txnr;
	int acked; /* answered 200, waiting for earlier ones */
};

/* What pump() waits for. */
enum until {
	UNTIL_WRITTEN, /* the output buffer is written */
	UNTIL_ROOM,    /* fewer than window frames unanswered */
	UNTIL_ACKED,   /* written, and every frame answered */
	UNTIL_CTL,     /* the answer to open/close */
};

struct transport {
	struct forward_url url;
	char name[300]; /* host:port, for messages */
	SSL_CTX *ctx;	/* relp+tls:// */
	SSL *ssl;
	int fd;		  /* -1: no session */
	int ssl_want_out; /* the last TLS call needs the socket writable */
	unsigned window;
	volatile sig_atomic_t *stop;
	uint32_t txnr; /* the next transaction number */
	struct inflight *fl;
	size_t fl_head, fl_count; /* ring of window entries */
	uint32_t ctl_txnr;	  /* open or close waiting for its answer, 0: none */
	int ctl_status;		  /* its status, -1 until answered */
	struct strbuf ctl_data;	  /* its data */
	struct strbuf out;	  /* bytes to write */
	size_t out_off;
	char *in; /* bytes read, not yet parsed */
	size_t in_len, in_cap;
	int broken;	    /* the session cannot go on */
	char failure[512];  /* why */
	uint64_t sent;	    /* messages sent since open */
	uint64_t confirmed; /* of which confirmed */
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
stopped(const struct transport *t)
{
	return t->stop != NULL && *t->stop;
}

/* Mark the session broken with the first reason given. */
static void fail(struct transport *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
fail(struct transport *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->broken)
		return;
	t->broken = 1;
	n = snprintf(t->failure, sizeof(t->failure), "%s: RELP: ", t->name);
	if (n < 0 || (size_t)n >= sizeof(t->failure))
		return;
	va_start(ap, fmt);
	vsnprintf(t->failure + n, sizeof(t->failure) - (size_t)n, fmt, ap);
	va_end(ap);
}

/* Drop the connection at once; unanswered frames are abandoned. */
static void
disconnect(struct transport *t)
{
	SSL_free(t->ssl);
	t->ssl = NULL;
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	t->ssl_want_out = 0;
	t->fl_head = t->fl_count = 0;
	t->ctl_txnr = 0;
	strbuf_reset(&t->out);
	t->out_off = 0;
	t->in_len = 0;
}

/* The next transaction number (1 after RELP_TXNR_MAX). */
static uint32_t
next_txnr(struct transport *t)
{
	uint32_t n = t->txnr;

	t->txnr = n >= RELP_TXNR_MAX ? 1 : n + 1;
	return n;
}

/* Queue the frame "TXNR SP CMD SP DATALEN [SP DATA] LF" for writing. */
static void
queue_frame(struct transport *t, uint32_t txnr, const char *cmd, const char *data, size_t len)
{
	if (t->out_off == t->out.len) {
		strbuf_reset(&t->out);
		t->out_off = 0;
	}
	if (len > 0) {
		strbuf_printf(&t->out, "%u %s %zu ", (unsigned)txnr, cmd, len);
		strbuf_add(&t->out, data, len);
		strbuf_putc(&t->out, '\n');
	} else {
		strbuf_printf(&t->out, "%u %s 0\n", (unsigned)txnr, cmd);
	}
}

/* An answer (rsp) to transaction txnr. */
static void
on_rsp(struct transport *t, uint32_t txnr, const char *data, size_t len)
{
	const char *text;
	size_t textlen, i;
	int status = relp_rsp_status(data, len, &text, &textlen);

	if (t->ctl_txnr != 0 && txnr == t->ctl_txnr) {
		/* librelp answers "close" with no data at all: status 0 */
		t->ctl_txnr = 0;
		t->ctl_status = status < 0 ? 0 : status;
		strbuf_reset(&t->ctl_data);
		strbuf_add(&t->ctl_data, data, len);
		return;
	}
	for (i = 0; i < t->fl_count; i++) {
		struct inflight *e = &t->fl[(t->fl_head + i) % t->window];
		if (e->txnr == txnr && !e->acked)
			break;
	}
	if (status < 0) {
		fail(t, "the receiver's answer to transaction %u has no status", (unsigned)txnr);
		return;
	}
	if (i == t->fl_count) {
		fail(t, "the receiver answered transaction %u, which is not waiting for an answer",
		     (unsigned)txnr);
		return;
	}
	if (status != 200) {
		struct strbuf sb = STRBUF_INIT;
		escape_terminal(&sb, text, textlen > 200 ? 200 : textlen);
		fail(t, "the receiver refused a message: %d %s", status, strbuf_str(&sb));
		strbuf_free(&sb);
		return;
	}
	t->fl[(t->fl_head + i) % t->window].acked = 1;
	/* confirm the answered frames at the head, in the order they were sent */
	while (t->fl_count > 0 && t->fl[t->fl_head].acked) {
		t->fl_head = (t->fl_head + 1) % t->window;
		t->fl_count--;
		t->confirmed++;
	}
}

/* Handle the complete frames read so far. */
static void
parse_input(struct transport *t)
{
	size_t off = 0;

	while (!t->broken && off < t->in_len) {
		struct relp_frame f;
		long used = relp_frame_parse(t->in + off, t->in_len - off, RELP_MAX_RSP, &f);
		if (used == 0)
			break;
		if (used < 0) {
			fail(t, "framing error in what the receiver sent");
			break;
		}
		off += (size_t)used;
		if (strcmp(f.cmd, "rsp") == 0 && f.txnr != 0)
			on_rsp(t, f.txnr, f.data, f.len);
		else if (strcmp(f.cmd, "serverclose") == 0)
			fail(t, "the receiver closed the session (serverclose)");
		else if (f.txnr != 0) /* a hint we do not know is ignored */
			fail(t, "unexpected command '%s' from the receiver", f.cmd);
	}
	memmove(t->in, t->in + off, t->in_len - off);
	t->in_len -= off;
}

/*
 * Read what the connection has without blocking and handle it. Sets broken
 * at the end of the stream or on an error (after handling what came before).
 */
static void
read_input(struct transport *t)
{
	while (!t->broken) {
		size_t got = 0;

		if (t->in_cap - t->in_len < RELP_READ_CHUNK) {
			t->in_cap = t->in_len + 2 * RELP_READ_CHUNK;
			t->in = alloc_check(realloc(t->in, t->in_cap));
		}
		if (t->ssl != NULL) {
			int e;
			ERR_clear_error();
			errno = 0;
			if (SSL_read_ex(t->ssl, t->in + t->in_len, RELP_READ_CHUNK, &got) != 1) {
				e = SSL_get_error(t->ssl, 0);
				if (e == SSL_ERROR_WANT_READ)
					return;
				if (e == SSL_ERROR_WANT_WRITE) {
					t->ssl_want_out = 1;
					return;
				}
				if (e == SSL_ERROR_SYSCALL && errno != 0)
					fail(t, "the connection broke: %s", strerror(errno));
				else if (e == SSL_ERROR_ZERO_RETURN || e == SSL_ERROR_SYSCALL)
					fail(t, "the receiver closed the connection");
				else
					fail(t, "TLS: reading failed: %s",
					     ERR_reason_error_string(ERR_peek_error())
						 ? ERR_reason_error_string(ERR_peek_error())
						 : "error");
				ERR_clear_error();
				return;
			}
			t->ssl_want_out = 0;
		} else {
			ssize_t n = recv(t->fd, t->in + t->in_len, RELP_READ_CHUNK, MSG_DONTWAIT);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
				return;
			if (n < 0) {
				fail(t, "the connection broke: %s", strerror(errno));
				return;
			}
			if (n == 0) {
				fail(t, "the receiver closed the connection");
				return;
			}
			got = (size_t)n;
		}
		t->in_len += got;
		parse_input(t);
		if (t->in_len > RELP_MAX_RSP + 64) {
			fail(t, "framing error in what the receiver sent (frame too long)");
			return;
		}
	}
}

/* Write what the output buffer holds, as far as the socket takes it now. */
static void
write_output(struct transport *t)
{
	while (!t->broken && t->out_off < t->out.len) {
		size_t left = t->out.len - t->out_off, done = 0;

		if (t->ssl != NULL) {
			int e;
			ERR_clear_error();
			if (SSL_write_ex(t->ssl, t->out.buf + t->out_off, left, &done) != 1) {
				e = SSL_get_error(t->ssl, 0);
				if (e == SSL_ERROR_WANT_WRITE) {
					t->ssl_want_out = 1;
					return;
				}
				if (e == SSL_ERROR_WANT_READ)
					return;
				fail(t, "TLS: writing failed (the connection broke)");
				ERR_clear_error();
				return;
			}
			t->ssl_want_out = 0;
		} else {
			ssize_t n =
			    send(t->fd, t->out.buf + t->out_off, left, MSG_NOSIGNAL | MSG_DONTWAIT);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
				return;
			if (n < 0) {
				fail(t, "the connection broke: %s", strerror(errno));
				return;
			}
			done = (size_t)n;
		}
		t->out_off += done;
	}
}

static int
satisfied(const struct transport *t, enum until u)
{
	switch (u) {
	case UNTIL_WRITTEN:
		return t->out_off == t->out.len;
	case UNTIL_ROOM:
		return t->fl_count < t->window;
	case UNTIL_ACKED:
		return t->out_off == t->out.len && t->fl_count == 0;
	case UNTIL_CTL:
		return t->ctl_status >= 0;
	}
	return 0;
}

/*
 * Move bytes both ways until u holds. Fails (broken set) when the session
 * breaks, when nothing moves for timeout_ms, or RELP_STOP_GRACE_MS after
 * *stop was set. Returns 0 or -1.
 */
static int
pump(struct transport *t, enum until u, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms, stop_deadline = 0;

	for (;;) {
		struct pollfd pfd = {.fd = t->fd, .events = POLLIN};
		size_t before = t->out_off;
		uint64_t acked = t->confirmed;
		int64_t now, wait;

		write_output(t);
		read_input(t);
		if (t->broken)
			return -1;
		if (satisfied(t, u))
			return 0;
		now = now_ms();
		if (t->out_off != before || t->confirmed != acked)
			deadline = now + timeout_ms; /* progress */
		if (stopped(t) && stop_deadline == 0)
			stop_deadline = now + RELP_STOP_GRACE_MS;
		if (stop_deadline != 0 && now >= stop_deadline) {
			fail(t, "stopped before the receiver answered");
			return -1;
		}
		if (now >= deadline) {
			fail(t, "no answer from the receiver within %d s", timeout_ms / 1000);
			return -1;
		}
		if (t->out_off < t->out.len || t->ssl_want_out)
			pfd.events |= POLLOUT;
		wait = deadline - now;
		if (stop_deadline != 0 && stop_deadline - now < wait)
			wait = stop_deadline - now;
		if (wait > 100)
			wait = 100; /* look at *stop now and then */
		if (poll(&pfd, 1, (int)wait) < 0 && errno != EINTR) {
			fail(t, "poll: %s", strerror(errno));
			return -1;
		}
	}
}

/* Bound the blocking reads and writes of the TLS handshake (0: unbounded). */
static void
socket_timeouts(int fd, int ms)
{
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/*
 * Open a session: connect, TLS handshake for relp+tls, RELP "open". Returns
 * 0, or TRANSPORT_RETRY with the reason in err (nothing left open).
 */
static int
relp_connect(struct transport *t, char *err, size_t errlen)
{
	static const char offers[] =
	    "relp_version=0\nrelp_software=podaudit," PODAUDIT_VERSION "\ncommands=syslog";
	int flags;

	t->broken = 0;
	t->failure[0] = '\0';
	t->fd =
	    net_connect(t->url.host, t->url.port, SOCK_STREAM, RELP_CONN_TIMEOUT_MS, err, errlen);
	if (t->fd < 0)
		return TRANSPORT_RETRY;
	if (t->ctx != NULL) {
		socket_timeouts(t->fd, RELP_CONN_TIMEOUT_MS);
		if (tlsclient_handshake(t->ctx, t->fd, t->url.host, t->name, &t->ssl, err,
					errlen) != 0) {
			disconnect(t);
			return TRANSPORT_RETRY;
		}
		socket_timeouts(t->fd, 0);
		SSL_set_mode(t->ssl,
			     SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	}
	flags = fcntl(t->fd, F_GETFL);
	if (flags < 0 || fcntl(t->fd, F_SETFL, flags | O_NONBLOCK) < 0) {
		snprintf(err, errlen, "%s: %s", t->name, strerror(errno));
		disconnect(t);
		return TRANSPORT_RETRY;
	}
	t->txnr = 1;
	t->ctl_txnr = next_txnr(t);
	t->ctl_status = -1;
	queue_frame(t, t->ctl_txnr, "open", offers, sizeof(offers) - 1);
	if (pump(t, UNTIL_CTL, RELP_TIMEOUT_MS) == 0) {
		const char *text;
		size_t textlen;
		if (t->ctl_status != 200) {
			struct strbuf sb = STRBUF_INIT;
			relp_rsp_status(t->ctl_data.buf, t->ctl_data.len, &text, &textlen);
			escape_terminal(&sb, text, textlen > 200 ? 200 : textlen);
			fail(t, "the receiver refused the session: %d %s", t->ctl_status,
			     strbuf_str(&sb));
			strbuf_free(&sb);
		} else if (!relp_offers_have(t->ctl_data.buf, t->ctl_data.len, "relp_version",
					     NULL)) {
			fail(t, "the receiver's answer to open has no relp_version");
		} else if (!relp_offers_have(t->ctl_data.buf, t->ctl_data.len, "commands",
					     "syslog")) {
			fail(t, "the receiver does not offer the RELP syslog command");
		}
	}
	if (t->broken) {
		snprintf(err, errlen, "%s", t->failure);
		disconnect(t);
		return TRANSPORT_RETRY;
	}
	return 0;
}

/*
 * End the session: when every frame is answered, send "close" and wait
 * briefly for its answer (a courtesy: nothing depends on it), then close.
 */
static void
relp_end(struct transport *t)
{
	if (t->fd < 0)
		return;
	if (!t->broken && t->fl_count == 0 && t->out_off == t->out.len) {
		t->ctl_txnr = next_txnr(t);
		t->ctl_status = -1;
		queue_frame(t, t->ctl_txnr, "close", NULL, 0);
		pump(t, UNTIL_CTL, RELP_CLOSE_TIMEOUT_MS);
		if (t->ssl != NULL && !t->broken)
			SSL_shutdown(t->ssl); /* our close_notify; not waiting for theirs */
	}
	ERR_clear_error();
	disconnect(t);
}

static void
relp_close(struct transport *t)
{
	if (t == NULL)
		return;
	relp_end(t);
	SSL_CTX_free(t->ctx);
	strbuf_free(&t->ctl_data);
	strbuf_free(&t->out);
	free(t->in);
	free(t->fl);
	free(t);
}

static int
relp_open(struct transport **out, const struct transport_params *p, char *err, size_t errlen)
{
	struct transport *t = alloc_check(calloc(1, sizeof(*t)));
	int rc = 0;

	t->fd = -1;
	t->url = *p->url;
	t->window = p->window < 1 ? 1 : p->window;
	t->stop = p->stop;
	t->fl = alloc_check(calloc(t->window, sizeof(*t->fl)));
	t->ctl_data = (struct strbuf)STRBUF_INIT;
	t->out = (struct strbuf)STRBUF_INIT;
	snprintf(t->name, sizeof(t->name), "%s:%s", t->url.host, t->url.port);
	if (p->url->scheme == FORWARD_RELP_TLS)
		rc = tlsclient_context(&t->ctx, p->tls, t->name, err, errlen);
	if (rc == 0)
		rc = relp_connect(t, err, errlen);
	if (rc != 0) {
		relp_close(t);
		return rc;
	}
	*out = t;
	return 0;
}

/* Send one message: its frame is written (waiting while the window is full). */
static int
relp_send(struct transport *t, const char *msg, size_t len, char *err, size_t errlen)
{
	struct inflight *e;
	int rc;

	if (t->fd >= 0) {
		read_input(t);
		if (t->broken && t->fl_count == 0 && t->out_off == t->out.len)
			disconnect(t); /* closed while idle, nothing unanswered: a new session */
	}
	if (t->fd < 0 && (rc = relp_connect(t, err, errlen)) != 0)
		return rc;
	if (!t->broken)
		pump(t, UNTIL_ROOM, RELP_TIMEOUT_MS);
	if (!t->broken) {
		e = &t->fl[(t->fl_head + t->fl_count) % t->window];
		e->txnr = next_txnr(t);
		e->acked = 0;
		t->fl_count++;
		queue_frame(t, e->txnr, "syslog", msg, len);
		pump(t, UNTIL_WRITTEN, RELP_TIMEOUT_MS);
	}
	if (t->broken) {
		snprintf(err, errlen, "%s", t->failure);
		return TRANSPORT_RETRY;
	}
	t->sent++;
	return 0;
}

static uint64_t
relp_confirmed(struct transport *t)
{
	return t->confirmed;
}

/* Wait until the receiver answered every frame sent. */
static int
relp_sync(struct transport *t, char *err, size_t errlen)
{
	if (t->fd < 0 || t->fl_count == 0)
		return 0;
	if (pump(t, UNTIL_ACKED, RELP_TIMEOUT_MS) != 0) {
		snprintf(err, errlen, "%s", t->failure);
		return TRANSPORT_RETRY;
	}
	return 0;
}

/* No forced sync: send() waits for answers while the window is full. */
static unsigned
relp_sync_every(struct transport *t)
{
	(void)t;
	return 0;
}

const struct transport_ops transport_relp_ops = {
    .open = relp_open,
    .send = relp_send,
    .confirmed = relp_confirmed,
    .sync = relp_sync,
    .close = relp_close,
    .sync_every = relp_sync_every,
    .max_len = 0,
};
