/*
 * json.h: JSON string encoding of arbitrary bytes.
 *
 * Audit data is bytes, not text: a command-line argument may hold invalid
 * UTF-8. Valid UTF-8 is written as is (control characters, '"' and '\\'
 * escaped); each byte that is not part of valid UTF-8 is written as the lone
 * surrogate \udc80-\udcff, as Python's "surrogateescape" does, so the
 * original bytes can be recovered exactly.
 */
#ifndef PODAUDIT_JSON_H
#define PODAUDIT_JSON_H

#include <stddef.h>

#include "util/strbuf.h"

/* Append s (n bytes) to sb as a quoted JSON string. */
void json_put_string(struct strbuf *sb, const char *s, size_t n);

/*
 * Length of the valid UTF-8 sequence starting at s (at most n bytes): 1-4,
 * or 0 when the bytes there are not valid UTF-8 (overlong forms, surrogates
 * and code points above U+10FFFF are invalid).
 */
size_t utf8_seq_len(const unsigned char *s, size_t n);

/*
 * Decode the JSON string starting at *pp (on its opening quote) and append
 * its bytes to sb, leaving *pp after the closing quote: the inverse of
 * json_put_string (a lone \udc80-\udcff is the byte 0x80-0xff). Returns 0,
 * or -1 on bad syntax, a \u0000 or a lone surrogate that is not such a byte
 * (sb may then hold part of the string).
 */
int json_get_string(const char **pp, struct strbuf *sb);

#endif
