/*
 * transport_stream.c: RFC 5424 syslog over TCP (tcp://, RFC 6587
 * octet-counting framing: "LEN SP MSG", so newlines inside a message
 * survive) and over TLS (tls://, RFC 5425, the same framing; OpenSSL, peer
 * certificate and host name verified).
 *
 * A message is confirmed when the whole frame has been written into the
 * socket (send() or SSL_write() returned for all of it). TCP cannot prove
 * receipt: what sits in the kernel's buffers when the receiver dies is lost
 * although it was confirmed. Before each frame the socket is checked for a
 * close or reset by the peer, which narrows that window to the frames sent
 * after the receiver stopped reading and before the kernel noticed.
 */
#include "forward/transport.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "forward/net.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#define CONNECT_TIMEOUT_MS 10000

struct transport {
	int fd;
	SSL_CTX *ctx;
	SSL *ssl;
	char name[300]; /* host:port, for messages */
	struct strbuf frame;
	uint64_t sent;
};

/* Append OpenSSL's queued errors (or what) to err, and clear the queue. */
static void
ssl_error(const struct transport *t, const char *what, char *err, size_t errlen)
{
	unsigned long e = ERR_get_error();
	char buf[256];

	if (e != 0) {
		ERR_error_string_n(e, buf, sizeof(buf));
		snprintf(err, errlen, "%s: %s: %s", t->name, what, buf);
	} else {
		snprintf(err, errlen, "%s: %s", t->name, what);
	}
	ERR_clear_error();
}

/* Release everything t holds. */
static void
stream_close(struct transport *t)
{
	if (t == NULL)
		return;
	if (t->ssl != NULL) {
		SSL_shutdown(t->ssl);
		SSL_free(t->ssl);
	}
	SSL_CTX_free(t->ctx);
	if (t->fd >= 0)
		close(t->fd);
	strbuf_free(&t->frame);
	free(t);
}

/*
 * The TLS context: TLS 1.2 or later, the peer verified against tls->ca_file
 * (or the system's store), and the client certificate when configured.
 * Returns 0, or TRANSPORT_FATAL with a message (a file that does not load
 * will not load on the next try either).
 */
static int
tls_context(struct transport *t, const struct forward_tls *tls, char *err, size_t errlen)
{
	t->ctx = SSL_CTX_new(TLS_client_method());
	if (t->ctx == NULL) {
		ssl_error(t, "cannot create a TLS context", err, errlen);
		return TRANSPORT_FATAL;
	}
	SSL_CTX_set_min_proto_version(t->ctx, TLS1_2_VERSION);
	SSL_CTX_set_verify(t->ctx, SSL_VERIFY_PEER, NULL);
	if (tls->ca_file != NULL) {
		if (SSL_CTX_load_verify_locations(t->ctx, tls->ca_file, NULL) != 1) {
			char what[4200];
			snprintf(what, sizeof(what), "CA file %s", tls->ca_file);
			ssl_error(t, what, err, errlen);
			return TRANSPORT_FATAL;
		}
	} else if (SSL_CTX_set_default_verify_paths(t->ctx) != 1) {
		ssl_error(t, "cannot load the system's CA certificates", err, errlen);
		return TRANSPORT_FATAL;
	}
	if (tls->cert_file != NULL || tls->key_file != NULL) {
		char what[4200];
		if (tls->cert_file == NULL || tls->key_file == NULL) {
			snprintf(err, errlen,
				 "%s: a client certificate needs both a cert and a key file",
				 t->name);
			return TRANSPORT_FATAL;
		}
		snprintf(what, sizeof(what), "client certificate %s", tls->cert_file);
		if (SSL_CTX_use_certificate_chain_file(t->ctx, tls->cert_file) != 1) {
			ssl_error(t, what, err, errlen);
			return TRANSPORT_FATAL;
		}
		snprintf(what, sizeof(what), "client key %s", tls->key_file);
		if (SSL_CTX_use_PrivateKey_file(t->ctx, tls->key_file, SSL_FILETYPE_PEM) != 1 ||
		    SSL_CTX_check_private_key(t->ctx) != 1) {
			ssl_error(t, what, err, errlen);
			return TRANSPORT_FATAL;
		}
	}
	return 0;
}

/*
 * The TLS handshake on t->fd, verifying that the certificate names host (a
 * DNS name, or an IP address for an address literal). Returns 0, or
 * TRANSPORT_RETRY with a message.
 */
static int
tls_handshake(struct transport *t, const char *host, char *err, size_t errlen)
{
	unsigned char addr[16];
	int is_ip = inet_pton(AF_INET, host, addr) == 1 || inet_pton(AF_INET6, host, addr) == 1;
	long vr;

	t->ssl = SSL_new(t->ctx);
	if (t->ssl == NULL || SSL_set_fd(t->ssl, t->fd) != 1) {
		ssl_error(t, "cannot start TLS", err, errlen);
		return TRANSPORT_RETRY;
	}
	if (is_ip) {
		if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(t->ssl), host) != 1) {
			ssl_error(t, "cannot set the address to verify", err, errlen);
			return TRANSPORT_RETRY;
		}
	} else if (SSL_set1_host(t->ssl, host) != 1 ||
		   SSL_set_tlsext_host_name(t->ssl, host) != 1) {
		ssl_error(t, "cannot set the host name to verify", err, errlen);
		return TRANSPORT_RETRY;
	}
	if (SSL_connect(t->ssl) != 1) {
		vr = SSL_get_verify_result(t->ssl);
		if (vr != X509_V_OK) {
			snprintf(err, errlen, "%s: TLS: certificate verification failed: %s",
				 t->name, X509_verify_cert_error_string(vr));
			ERR_clear_error();
		} else {
			ssl_error(t, "TLS handshake failed", err, errlen);
		}
		return TRANSPORT_RETRY;
	}
	return 0;
}

/* Connect (and for tls:// shake hands). */
static int
stream_open(struct transport **out, const struct transport_params *p, char *err, size_t errlen)
{
	struct transport *t = alloc_check(calloc(1, sizeof(*t)));
	int rc = 0;

	t->fd = -1;
	t->frame = (struct strbuf)STRBUF_INIT;
	snprintf(t->name, sizeof(t->name), "%s:%s", p->url->host, p->url->port);
	if (p->url->scheme == FORWARD_TLS)
		rc = tls_context(t, p->tls, err, errlen);
	if (rc == 0) {
		t->fd = net_connect(p->url->host, p->url->port, SOCK_STREAM, CONNECT_TIMEOUT_MS,
				    err, errlen);
		if (t->fd < 0)
			rc = TRANSPORT_RETRY;
	}
	if (rc == 0 && t->ctx != NULL)
		rc = tls_handshake(t, p->url->host, err, errlen);
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
	return t->sent;
}

/* Nothing to wait for: every frame was written whole. */
static int
stream_sync(struct transport *t, char *err, size_t errlen)
{
	(void)t;
	(void)err;
	(void)errlen;
	return 0;
}

/* How many messages may wait for sync(). */
static unsigned
stream_sync_every(struct transport *t)
{
	(void)t;
	return 0;
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
