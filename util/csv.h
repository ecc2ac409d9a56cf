/*
 * csv.h: CSV cells (RFC 4180) that are safe to open in a spreadsheet.
 */
#ifndef PODAUDIT_CSV_H
#define PODAUDIT_CSV_H
#include <stddef.h>
#include <stdint.h>
#include "util/strbuf.h"

/*
 * Append s (n bytes) to sb as one CSV text cell. The cell is quoted when it
 * holds a comma, quote, CR or LF (quotes doubled). A cell that starts with
 * '=', '+', '-', '@', TAB or CR is neutralised with a leading "'" so that a
 * spreadsheet shows it as text instead of running it as a formula. Bytes that
 * are not valid UTF-8 are written as the text "\xHH"; NUL bytes as "\x00".
 */
void csv_put_text(struct strbuf *sb, const char *s, size_t n);

/* Append an integer cell (never neutralised: "-1" stays a number). */
void csv_put_int(struct strbuf *sb, int64_t v);

#endif
