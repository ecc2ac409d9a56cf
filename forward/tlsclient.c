/*
 * tlsclient.c: OpenSSL client context and handshake; see tlsclient.h.
 */
#include "forward/tlsclient.h"

#include <arpa/inet.h>
#include <stdio.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "forward/transport.h"

void
tlsclient_error(const char *name, const char *what, char *err, size_t errlen)
{
	unsigned long e = ERR_get_error();
	char buf[256];

	if (e != 0) {
		ERR_error_string_n(e, buf, sizeof(buf));
		snprintf(err, errlen, "%s: %s: %s", name, what, buf);
	} else {
		snprintf(err, errlen, "%s: %s", name, what);
	}
	ERR_clear_error();
}

int
tlsclient_context(SSL_CTX **out, const struct forward_tls *tls, const char *name, char *err,
		  size_t errlen)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	char what[4200];

	*out = NULL;
	if (ctx == NULL) {
		tlsclient_error(name, "cannot create a TLS context", err, errlen);
		return TRANSPORT_FATAL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	if (tls->ca_file != NULL) {
		if (SSL_CTX_load_verify_locations(ctx, tls->ca_file, NULL) != 1) {
			snprintf(what, sizeof(what), "CA file %s", tls->ca_file);
			tlsclient_error(name, what, err, errlen);
			goto fail;
		}
	} else if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
		tlsclient_error(name, "cannot load the system's CA certificates", err, errlen);
		goto fail;
	}
	if (tls->cert_file != NULL || tls->key_file != NULL) {
		if (tls->cert_file == NULL || tls->key_file == NULL) {
			snprintf(err, errlen,
				 "%s: a client certificate needs both a cert and a key file", name);
			goto fail;
		}
		snprintf(what, sizeof(what), "client certificate %s", tls->cert_file);
		if (SSL_CTX_use_certificate_chain_file(ctx, tls->cert_file) != 1) {
			tlsclient_error(name, what, err, errlen);
			goto fail;
		}
		snprintf(what, sizeof(what), "client key %s", tls->key_file);
		if (SSL_CTX_use_PrivateKey_file(ctx, tls->key_file, SSL_FILETYPE_PEM) != 1 ||
		    SSL_CTX_check_private_key(ctx) != 1) {
			tlsclient_error(name, what, err, errlen);
			goto fail;
		}
	}
	*out = ctx;
	return 0;
fail:
	SSL_CTX_free(ctx);
	return TRANSPORT_FATAL;
}

int
tlsclient_handshake(SSL_CTX *ctx, int fd, const char *host, const char *name, SSL **out, char *err,
		    size_t errlen)
{
	unsigned char addr[16];
	int is_ip = inet_pton(AF_INET, host, addr) == 1 || inet_pton(AF_INET6, host, addr) == 1;
	SSL *ssl = SSL_new(ctx);
	long vr;

	*out = NULL;
	if (ssl == NULL || SSL_set_fd(ssl, fd) != 1) {
		tlsclient_error(name, "cannot start TLS", err, errlen);
		goto fail;
	}
	if (is_ip) {
		if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) != 1) {
			tlsclient_error(name, "cannot set the address to verify", err, errlen);
			goto fail;
		}
	} else if (SSL_set1_host(ssl, host) != 1 || SSL_set_tlsext_host_name(ssl, host) != 1) {
		tlsclient_error(name, "cannot set the host name to verify", err, errlen);
		goto fail;
	}
	if (SSL_connect(ssl) != 1) {
		vr = SSL_get_verify_result(ssl);
		if (vr != X509_V_OK) {
			snprintf(err, errlen, "%s: TLS: certificate verification failed: %s", name,
				 X509_verify_cert_error_string(vr));
			ERR_clear_error();
		} else {
			tlsclient_error(name, "TLS handshake failed", err, errlen);
		}
		goto fail;
	}
	*out = ssl;
	return 0;
fail:
	SSL_free(ssl);
	return TRANSPORT_RETRY;
}
