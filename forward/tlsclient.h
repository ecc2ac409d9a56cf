/*
 * tlsclient.h: the OpenSSL client side shared by tls:// (transport_stream.c)
 * and relp+tls:// (transport_relp.c): a context that verifies the receiver,
 * and the handshake on a connected socket.
 */
#ifndef PODAUDIT_FORWARD_TLSCLIENT_H
#define PODAUDIT_FORWARD_TLSCLIENT_H

#include <stddef.h>

#include <openssl/ssl.h>

#include "forward/forward.h"

/*
 * A client context into *out: TLS 1.2 or later, the peer verified against
 * tls->ca_file (or the system's store), the client certificate and key when
 * configured. name (host:port) prefixes messages. Returns 0, or
 * TRANSPORT_FATAL with a message in err (a file that does not load will not
 * load on the next try either); the caller frees *out with SSL_CTX_free().
 */
int tlsclient_context(SSL_CTX **out, const struct forward_tls *tls, const char *name, char *err,
		      size_t errlen);

/*
 * The TLS handshake on the connected socket fd (blocking; the caller bounds
 * it with socket timeouts when it must), verifying that the receiver's
 * certificate names host (a DNS name, or an IP address for an address
 * literal). Returns 0 with the connection in *out (SSL_free() it; the socket
 * stays the caller's), or TRANSPORT_RETRY with a message in err and *out NULL.
 */
int tlsclient_handshake(SSL_CTX *ctx, int fd, const char *host, const char *name, SSL **out,
			char *err, size_t errlen);

/* Message "NAME: WHAT: <OpenSSL's first queued error>" in err; clears the queue. */
void tlsclient_error(const char *name, const char *what, char *err, size_t errlen);

#endif
