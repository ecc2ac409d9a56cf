/*
 * transport.h: how a rendered message reaches a target. One implementation
 * per file: transport_relp.c (relp://, relp+tls://), transport_stream.c
 * (tcp://, tls://), transport_udp.c (udp://), transport_file.c (file:, -).
 *
 * A transport counts the messages handed to send() since it was opened and
 * reports, through confirmed(), how many of the first of them the target has
 * taken: acknowledged (RELP), written whole into the socket (TCP, TLS, UDP),
 * or written and flushed to disk (file:, after sync()). Messages are taken
 * in order, so "the first n" is all the forwarder needs to move its cursor.
 */
#ifndef PODAUDIT_FORWARD_TRANSPORT_H
#define PODAUDIT_FORWARD_TRANSPORT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "forward/forward.h"
#include "forward/url.h"

/* Return values of the operations besides 0. */
enum {
	TRANSPORT_RETRY = -1,  /* failed; closing, waiting and opening again may help */
	TRANSPORT_FATAL = -2,  /* failed in a way retrying cannot mend */
	TRANSPORT_DROPPED = 1, /* send(): the message cannot be sent at all (udp: too large) */
};

struct transport;

/* Parameters of transport_open(). */
struct transport_params {
	const struct forward_url *url;
	const struct forward_tls *tls;
	unsigned window;	     /* RELP window */
	volatile sig_atomic_t *stop; /* abort blocking waits when set; may be NULL */
};

struct transport_ops {
	/* Connect or open. 0, or TRANSPORT_RETRY/FATAL with a message in err. */
	int (*open)(struct transport **out, const struct transport_params *p, char *err,
		    size_t errlen);
	/* Send one message (without framing: the transport adds its own). */
	int (*send)(struct transport *t, const char *msg, size_t len, char *err, size_t errlen);
	/* How many of the messages sent since open the target has taken. */
	uint64_t (*confirmed)(struct transport *t);
	/* Make every sent message confirmed (RELP: wait for every acknowledgement;
	 * file: fflush and fsync). 0, or TRANSPORT_RETRY/FATAL. */
	int (*sync)(struct transport *t, char *err, size_t errlen);
	/* Close and free; accepts NULL. Unconfirmed messages are abandoned. */
	void (*close)(struct transport *t);
	/* sync() after this many unconfirmed messages (0: only when idle or done). */
	unsigned (*sync_every)(struct transport *t);
	/* Largest message send() takes, 0 for no limit. */
	size_t max_len;
};

/* The operations for a scheme. Static storage. */
const struct transport_ops *transport_for(enum forward_scheme s);

extern const struct transport_ops transport_relp_ops;
extern const struct transport_ops transport_stream_ops;
extern const struct transport_ops transport_udp_ops;
extern const struct transport_ops transport_file_ops;

#endif
