/*
 * relp_frame.h: RELP framing (librelp's doc/relp.md): parsing the frames a
 * receiver sends, "TXNR SP COMMAND SP DATALEN [SP DATA] LF", and reading
 * the status of a "rsp" and the offers of the answer to "open". Pure
 * functions over byte buffers, for transport_relp.c and the unit tests.
 */
#ifndef PODAUDIT_FORWARD_RELP_FRAME_H
#define PODAUDIT_FORWARD_RELP_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define RELP_TXNR_MAX 999999999u /* the next transaction number after it is 1 */

struct relp_frame {
	uint32_t txnr;	  /* 0 for hints (serverclose) */
	char cmd[33];	  /* COMMAND: 1 to 32 letters */
	const char *data; /* DATA (len bytes, not NUL-terminated), inside the parsed buffer */
	size_t len;
};

/*
 * Parse the frame at the start of buf (n bytes), accepting DATALEN up to
 * max_data. Returns the number of bytes the frame takes (> 0) with *f
 * filled, 0 when buf holds only the beginning of a valid frame (read more),
 * or -1 when it is not a RELP frame (a framing error: drop the connection).
 */
long relp_frame_parse(const char *buf, size_t n, size_t max_data, struct relp_frame *f);

/*
 * The status of a "rsp" frame's data ("200 OK", "500 text", "200 OK\nOFFERS"):
 * the three-digit code, or -1 when the data does not start with one. *text
 * and *textlen (when not NULL) get the human-readable part: what follows
 * the code up to the first LF, without the separating space.
 */
int relp_rsp_status(const char *data, size_t len, const char **text, size_t *textlen);

/*
 * 1 when the answer to "open" (a rsp's data: status line, then one offer
 * per line, "NAME[=VALUE[,VALUE...]]") offers name, and, when value is not
 * NULL, lists value among that offer's values; else 0.
 */
int relp_offers_have(const char *data, size_t len, const char *name, const char *value);

#endif
