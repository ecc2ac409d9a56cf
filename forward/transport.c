/*
 * transport.c: the transport of each scheme; see transport.h.
 */
#include "forward/transport.h"

const struct transport_ops *
transport_for(enum forward_scheme s)
{
	switch (s) {
	case FORWARD_RELP:
	case FORWARD_RELP_TLS:
		return &transport_relp_ops;
	case FORWARD_TCP:
	case FORWARD_TLS:
		return &transport_stream_ops;
	case FORWARD_UDP:
		return &transport_udp_ops;
	case FORWARD_FILE:
	case FORWARD_STDOUT:
		break;
	}
	return &transport_file_ops;
}
