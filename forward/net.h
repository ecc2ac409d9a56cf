/*
 * net.h: name resolution and connecting, for the tcp, tls and udp transports.
 */
#ifndef PODAUDIT_FORWARD_NET_H
#define PODAUDIT_FORWARD_NET_H

#include <stddef.h>

/*
 * Resolve host:port and connect a socket of type socktype (SOCK_STREAM or
 * SOCK_DGRAM) to the first address that accepts, waiting at most timeout_ms
 * for each. Returns the connected socket (close-on-exec, blocking), or -1
 * with a message naming host and port in err.
 */
int net_connect(const char *host, const char *port, int socktype, int timeout_ms, char *err,
		size_t errlen);

/*
 * 1 when the peer of stream socket fd has closed its side or reset the
 * connection (checked without blocking), else 0.
 */
int net_peer_closed(int fd);

#endif
