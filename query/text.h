/*
 * text.h: the pieces the terminal outputs of search, show and timeline are
 * made of: argument lists decoded from their JSON form, local times, cells
 * cut to a width with an ellipsis. Every byte that comes from audit data
 * goes through escape_terminal() (util/escape.h) before it is shown.
 */
#ifndef PODAUDIT_QUERY_TEXT_H
#define PODAUDIT_QUERY_TEXT_H
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/* An argument list decoded from events.argv: n byte strings. */
struct query_argv {
	size_t n;
	char **arg;  /* arg[i] holds len[i] bytes (plus a NUL not counted) */
	size_t *len; /* an argument may hold bytes of any value but NUL */
};

/*
 * Decode json, a JSON array of strings as events.argv holds it (invalid
 * UTF-8 as the lone surrogates \udc80-\udcff, which become their byte
 * again), into *out. Returns 0, or -1 when json is not such an array (*out
 * is then empty). Free with query_argv_free().
 */
int query_argv_decode(const char *json, struct query_argv *out);

/* Release what query_argv_decode() allocated; *a is left empty. */
void query_argv_free(struct query_argv *a);

/*
 * Append the arguments to sb as one line for a terminal: escaped, separated
 * by spaces, an argument that is empty or holds a space or a quote shown
 * between single quotes (a quote inside as \').
 */
void query_argv_line(struct strbuf *sb, const struct query_argv *a);

/* Append s escaped for a terminal ("(null)" never: NULL appends nothing). */
void query_put_escaped(struct strbuf *sb, const char *s);

/*
 * Format sec.msec as "YYYY-MM-DD HH:MM:SS.mmm" in the zone in force
 * (util/when.h). buf should hold at least 32 bytes. Returns buf.
 */
char *query_time(int64_t sec, int msec, char *buf, size_t n);

/* Display width of n bytes of escaped (printable) text: one column per character. */
size_t query_width(const char *s, size_t n);

/*
 * Append s (n bytes of escaped text) to sb in exactly width columns: cut
 * with "…" when it is wider, padded with spaces when pad is set and it is
 * narrower.
 */
void query_put_cell(struct strbuf *sb, const char *s, size_t n, size_t width, int pad);

/*
 * Where a run of file events happened: the directory their absolute paths
 * share, and how many paths were elsewhere (relative to a directory
 * descriptor, or under /proc). Zero it, add paths, then put it.
 */
struct query_dirsum {
	struct strbuf dir; /* empty until an absolute path is added */
	int64_t in, elsewhere;
};

/* Count path (n bytes) in d, narrowing d's directory to the one it shares with path. */
void query_dirsum_add(struct query_dirsum *d, const char *path, size_t n);

/*
 * Append " under DIR" (escaped) when some path was absolute, and " (N
 * elsewhere)" when some were not counted in DIR.
 */
void query_dirsum_put(const struct query_dirsum *d, struct strbuf *sb);

/* Release d's memory; d is zeroed. */
void query_dirsum_free(struct query_dirsum *d);

#endif
