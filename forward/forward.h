/*
 * forward.h: send every stored event to a SIEM or collector, in order, and
 * remember per target how far the target has taken them.
 *
 * forward_run() reads the events view in pages of increasing id, renders
 * each event in the chosen format, hands it to the target's transport and
 * advances the target's cursor (table forward_target, view forward_targets)
 * only for events the transport confirmed: acknowledged by a RELP receiver,
 * written and flushed for the others. The cursor is committed in batches in
 * short write transactions, so a crash between sending and committing sends
 * some events again and never skips one (at-least-once delivery). When the
 * receiver is down it retries with exponential backoff and jitter, holding
 * at most one page plus one RELP window of events in memory.
 * docs/forwarding.md describes targets, formats and guarantees.
 */
#ifndef PODAUDIT_FORWARD_H
#define PODAUDIT_FORWARD_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

struct store;

/* Files for tls:// (and relp+tls://); NULL members are not set. */
struct forward_tls {
	const char *ca_file;   /* CA certificates (PEM); NULL: the system's store */
	const char *cert_file; /* client certificate chain (PEM), optional */
	const char *key_file;  /* its private key (PEM), required with cert_file */
};

/* Output formats. */
enum forward_format {
	FORWARD_ECS,	 /* Elastic Common Schema JSON */
	FORWARD_JSON,	 /* podaudit's own event document (query/eventdoc.h) */
	FORWARD_RFC5424, /* an RFC 5424 syslog message with the ECS JSON as its body */
};

/*
 * Parse a format name ("ecs", "json", "rfc5424") into *out. Returns 0, or -1
 * when the name is unknown.
 */
int forward_format_parse(const char *name, enum forward_format *out);

/* The name of a format. Static storage. */
const char *forward_format_name(enum forward_format f);

/* What forward_run() does; zero-initialise, then set. */
struct forward_options {
	const char *url;  /* target, see forward_url_parse() */
	const char *name; /* cursor name; NULL: the URL */
	enum forward_format format;
	struct forward_tls tls;
	int follow;	       /* keep forwarding new events until *stop */
	int have_since;	       /* skip events older than since */
	int64_t since;	       /* ms since 1970 */
	int raw;	       /* include the raw records (json "raw", ecs event.original) */
	unsigned max_retries;  /* give up after this many failed attempts in a row; 0: never */
	unsigned retry_min_ms; /* first backoff delay; 0: 100 */
	unsigned retry_max_ms; /* backoff ceiling; 0: 30000 */
	unsigned poll_ms;      /* --follow polling interval; 0: 200 */
	unsigned window;       /* RELP window (unacknowledged messages); 0: 1024 */
	unsigned commit_every; /* commit the cursor after this many events; 0: 1000 */
	unsigned commit_ms;    /* ... or this many ms; 0: 1000 */
	volatile sig_atomic_t *stop; /* set (by a signal handler) to stop; may be NULL */
	/* Called with progress and retry notices ("relp://...: connection refused;
	 * retry 3 in 0.8 s"); may be NULL. */
	void (*notice)(void *ctx, const char *msg);
	void *ctx;
};

/* What a run did. */
struct forward_summary {
	int64_t sent;	  /* events handed to the target and confirmed */
	int64_t skipped;  /* events older than --since, passed over */
	int64_t dropped;  /* udp: events too large for one datagram */
	int64_t resent;	  /* events sent again after a failure (possible duplicates) */
	int64_t cursor;	  /* the target's cursor (last event id taken) at the end */
	int64_t start;	  /* the cursor at the start */
	unsigned retries; /* failed attempts (connect, send, confirm) */
};

/*
 * Forward the events of st (opened read-write: the cursor is written) to
 * o->url until every stored event is confirmed, or with o->follow until
 * *o->stop is set. Fills *sum (also on error, with what was done). Returns
 * 0; 1 when stopped by *o->stop; -1 with a message in err when the options
 * are wrong, the database fails, the target fails permanently or
 * o->max_retries attempts in a row failed.
 */
int forward_run(struct store *st, const struct forward_options *o, struct forward_summary *sum,
		char *err, size_t errlen);

#endif
