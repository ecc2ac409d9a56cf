/*
 * escape.h: making untrusted bytes harmless for a terminal.
 */
#ifndef PODAUDIT_ESCAPE_H
#define PODAUDIT_ESCAPE_H

#include <stddef.h>

#include "util/strbuf.h"

/*
 * Append s (n bytes) to sb for display on a terminal: printable ASCII and
 * valid UTF-8 (other than C1 controls) as is, backslash as "\\", newline,
 * tab and carriage return as "\n", "\t", "\r", characters that reorder or
 * hide text (bidirectional overrides and isolates, direction marks,
 * zero-width characters) as "\uHHHH", and every other control or invalid
 * byte as "\xHH". Nothing an audit record holds can move the cursor
 * or change the terminal's state.
 */
void escape_terminal(struct strbuf *sb, const char *s, size_t n);

#endif
