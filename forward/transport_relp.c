/*
 * transport_relp.c: RELP (relp://, relp+tls://) through Debian's librelp,
 * the acknowledged protocol rsyslog's imrelp speaks.
 *
 * What "acknowledged" means here. relpCltSendSyslog() returns once the frame
 * is written and queued in librelp's window of unacknowledged frames; it
 * does not wait for the receiver's "200 OK", and librelp has no call that
 * says which frames were acknowledged. It drops a frame answered with an
 * error after calling the engine's error callback, and its own resending of
 * unacknowledged frames (relpCltReconnect) lives in memory only, so it is
 * lost if podaudit stops. podaudit therefore does not use relpCltReconnect:
 *
 *   - A session carries at most window - 1 messages, so librelp's window
 *     (set to window) never fills and no send waits for an acknowledgement.
 *   - sync() closes the session gracefully (relpEngineCltDestruct sends the
 *     RELP "close" command and waits for its response). The receiver
 *     answers the frames of a session in order, so the close response comes
 *     after the responses to every syslog frame: when the close completed
 *     and librelp reported no error (no error response, no timeout, no
 *     broken connection) during the session, every message of the session
 *     was acknowledged with 200 OK, and only then are they confirmed.
 *   - Any error breaks the session: its unconfirmed messages are abandoned
 *     and the forwarder sends them again, from the database, on a new
 *     session (at-least-once: the receiver may see some twice).
 *
 * The next send() after sync() opens a new session.
 */
#include "forward/transport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <librelp.h>

#include "util/alloc.h"

#define RELP_TIMEOUT_S	    30
#define RELP_CONN_TIMEOUT_S 10

struct transport {
	relpEngine_t *engine;
	relpClt_t *clt; /* NULL between sessions */
	struct forward_url url;
	struct forward_tls tls;
	int use_tls;
	unsigned window;
	char name[300];
	int failed;	    /* librelp reported an error in this session */
	char failure[512];  /* its message */
	uint64_t sent;	    /* messages sent since open */
	uint64_t confirmed; /* of which confirmed */
	int shutdown_flag;  /* librelp's "stop now" flag (mirrors *stop) */
	volatile sig_atomic_t *stop;
};

/* librelp's debug output: unused (librelp calls it unconditionally). */
static void
relp_dbgprint(char *fmt, ...)
{
	(void)fmt;
}

/* librelp's error callback: remember that the session failed, and why. */
static void
relp_on_err(void *usr, char *objinfo, char *errmsg, relpRetVal code)
{
	struct transport *t = usr;

	if (t == NULL)
		return;
	if (!t->failed)
		snprintf(t->failure, sizeof(t->failure), "%s: RELP: %s (%s, code %d)", t->name,
			 errmsg ? errmsg : "error", objinfo ? objinfo : "", (int)code);
	t->failed = 1;
}

/* librelp's TLS authentication error callback. */
static void
relp_on_auth_err(void *usr, char *authinfo, char *errmsg, relpRetVal code)
{
	struct transport *t = usr;

	if (t == NULL)
		return;
	snprintf(t->failure, sizeof(t->failure),
		 "%s: RELP TLS: peer not accepted: %s (%s, code %d)", t->name, errmsg ? errmsg : "",
		 authinfo ? authinfo : "", (int)code);
	t->failed = 1;
}

/* End the session without waiting for anything. */
static void
relp_abort(struct transport *t)
{
	if (t->clt != NULL) {
		/* librelp skips the close handshake on a broken session; make
		 * it skip it on any failed one. */
		t->shutdown_flag = 1;
		relpEngineCltDestruct(t->engine, &t->clt);
		t->shutdown_flag = 0;
		t->clt = NULL;
	}
}

/*
 * Open a session: construct the client, set window, timeouts and TLS, and
 * connect. Returns 0, or TRANSPORT_RETRY with the reason in err.
 */
static int
relp_connect(struct transport *t, char *err, size_t errlen)
{
	relpRetVal r;

	t->failed = 0;
	t->failure[0] = '\0';
	t->shutdown_flag = t->stop != NULL && *t->stop;
	r = relpEngineCltConstruct(t->engine, &t->clt);
	if (r == RELP_RET_OK)
		r = relpCltSetUsrPtr(t->clt, t);
	if (r == RELP_RET_OK)
		r = relpCltSetTimeout(t->clt, RELP_TIMEOUT_S);
	if (r == RELP_RET_OK)
		r = relpCltSetConnTimeout(t->clt, RELP_CONN_TIMEOUT_S);
	if (r == RELP_RET_OK)
		r = relpCltSetWindowSize(t->clt, (int)t->window);
	if (r == RELP_RET_OK && t->use_tls) {
		r = relpCltEnableTLS(t->clt);
		if (r == RELP_RET_OK && t->tls.ca_file != NULL)
			r = relpCltSetCACert(t->clt, (char *)t->tls.ca_file);
		if (r == RELP_RET_OK && t->tls.cert_file != NULL)
			r = relpCltSetOwnCert(t->clt, (char *)t->tls.cert_file);
		if (r == RELP_RET_OK && t->tls.key_file != NULL)
			r = relpCltSetPrivKey(t->clt, (char *)t->tls.key_file);
		/* Verify the receiver's certificate against the host name. */
		if (r == RELP_RET_OK)
			r = relpCltSetAuthMode(t->clt, (char *)"name");
		if (r == RELP_RET_OK)
			r = relpCltAddPermittedPeer(t->clt, t->url.host);
	}
	if (r == RELP_RET_OK)
		r = relpCltConnect(t->clt, AF_UNSPEC, (unsigned char *)t->url.port,
				   (unsigned char *)t->url.host);
	if (r != RELP_RET_OK || t->failed) {
		if (t->failure[0] != '\0')
			snprintf(err, errlen, "%s", t->failure);
		else
			snprintf(err, errlen, "%s: RELP: cannot open a session (librelp error %d)",
				 t->name, (int)r);
		if (r == RELP_RET_ERR_NO_TLS || r == RELP_RET_ERR_NO_TLS_AUTH)
			snprintf(err, errlen, "%s: RELP: this librelp has no TLS support", t->name);
		relp_abort(t);
		return TRANSPORT_RETRY;
	}
	return 0;
}

static void
relp_close(struct transport *t)
{
	if (t == NULL)
		return;
	relp_abort(t);
	if (t->engine != NULL)
		relpEngineDestruct(&t->engine);
	free(t);
}

static int
relp_open(struct transport **out, const struct transport_params *p, char *err, size_t errlen)
{
	struct transport *t = alloc_check(calloc(1, sizeof(*t)));
	relpRetVal r;
	int rc;

	t->url = *p->url;
	t->tls = *p->tls;
	t->use_tls = p->url->scheme == FORWARD_RELP_TLS;
	t->window = p->window < 2 ? 2 : p->window;
	t->stop = p->stop;
	snprintf(t->name, sizeof(t->name), "%s:%s", t->url.host, t->url.port);
	r = relpEngineConstruct(&t->engine);
	if (r == RELP_RET_OK)
		r = relpEngineSetDbgprint(t->engine, relp_dbgprint);
	if (r == RELP_RET_OK)
		r = relpEngineSetEnableCmd(t->engine, (unsigned char *)"syslog",
					   eRelpCmdState_Required);
	if (r == RELP_RET_OK)
		r = relpEngineSetOnErr(t->engine, relp_on_err);
	if (r == RELP_RET_OK)
		r = relpEngineSetOnAuthErr(t->engine, relp_on_auth_err);
	if (r == RELP_RET_OK && t->use_tls)
		r = relpEngineSetTLSLibByName(t->engine, "openssl");
	if (r != RELP_RET_OK) {
		snprintf(err, errlen, "%s: RELP: cannot set up librelp (error %d)", t->name,
			 (int)r);
		relp_close(t);
		return TRANSPORT_FATAL;
	}
	relpEngineSetShutdownImmdtPtr(t->engine, &t->shutdown_flag);
	rc = relp_connect(t, err, errlen);
	if (rc != 0) {
		relp_close(t);
		return rc;
	}
	*out = t;
	return 0;
}

/* Queue one message in the session (opening one when needed). */
static int
relp_send(struct transport *t, const char *msg, size_t len, char *err, size_t errlen)
{
	relpRetVal r;
	int rc;

	if (t->clt == NULL && (rc = relp_connect(t, err, errlen)) != 0)
		return rc;
	t->shutdown_flag = t->stop != NULL && *t->stop;
	r = relpCltSendSyslog(t->clt, (unsigned char *)msg, len);
	if (r != RELP_RET_OK || t->failed) {
		if (t->failure[0] != '\0')
			snprintf(err, errlen, "%s", t->failure);
		else
			snprintf(err, errlen, "%s: RELP: send failed (librelp error %d)", t->name,
				 (int)r);
		relp_abort(t);
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

/* Close the session gracefully; its messages are confirmed when that worked. */
static int
relp_sync(struct transport *t, char *err, size_t errlen)
{
	if (t->clt == NULL) {
		t->confirmed = t->sent;
		return 0;
	}
	t->shutdown_flag = t->stop != NULL && *t->stop;
	if (t->shutdown_flag)
		t->failed = 1;
	relpEngineCltDestruct(t->engine, &t->clt);
	t->clt = NULL;
	if (t->failed) {
		if (t->failure[0] != '\0')
			snprintf(err, errlen, "%s", t->failure);
		else
			snprintf(err, errlen, "%s: RELP: stopped before the receiver acknowledged",
				 t->name);
		return TRANSPORT_RETRY;
	}
	t->confirmed = t->sent;
	return 0;
}

/* A session carries at most window - 1 messages. */
static unsigned
relp_sync_every(struct transport *t)
{
	return t->window - 1;
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
