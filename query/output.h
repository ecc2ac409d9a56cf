/*
 * output.h: search results in the formats of `podaudit search --format`:
 *
 *   table  aligned columns for a terminal, at most 100 wide: ID, TIME (in
 *          the zone in force), NODE (with several databases), USER, KEY, OK,
 *          WHAT (the argument list, or the syscall and the path it touched);
 *          cells cut with an ellipsis; every value escaped (util/escape.h)
 *   jsonl  one event document per line (query/eventdoc.h)
 *   csv    a header line, then one line per event (util/csv.h cells)
 *   raw    the events' original record lines, byte for byte, for ausearch
 *
 * The writer appends to a caller strbuf, which the caller empties (writes
 * out) when it likes: the table holds its first rows back to size its
 * columns, so output can come later than the row that caused it.
 */
#ifndef PODAUDIT_QUERY_OUTPUT_H
#define PODAUDIT_QUERY_OUTPUT_H
#include <stddef.h>

#include "query/search.h"
#include "util/strbuf.h"

struct eventdoc;
struct query_out;

enum query_format {
	QUERY_FMT_TABLE,
	QUERY_FMT_JSONL,
	QUERY_FMT_CSV,
	QUERY_FMT_RAW,
};

/* Parse a --format name. Returns 0 and *fmt, or -1 when the name is unknown. */
int query_format_parse(const char *name, enum query_format *fmt);

/*
 * A writer for fmt; with_node adds the NODE column (table, csv). Never
 * fails (out of memory aborts). Free with query_out_close().
 */
struct query_out *query_out_new(enum query_format fmt, int with_node);

/* Release the writer (NULL is fine), dropping rows not yet finished. */
void query_out_close(struct query_out *o);

/*
 * Write one event. label names where it comes from (its node, or the
 * database when the log had none); q (table, csv) and ed (jsonl) must belong
 * to the database the row comes from. Returns 0, or -1 with a message in
 * err (a database error).
 */
int query_out_row(struct query_out *o, const char *label, struct query_lookup *q,
		  struct eventdoc *ed, const struct query_row *row, struct strbuf *sb, char *err,
		  size_t errlen);

/* Write what is held back (the table's first rows, or its header alone). */
void query_out_finish(struct query_out *o, struct strbuf *sb);

/*
 * Append what event row did, for a terminal: its argument list when it is
 * an execution, else its syscall (or record type) and the path it touched
 * (query_lookup_main_path), else its type and command. Returns 0, or -1
 * with a message in err.
 */
int query_what(struct query_lookup *q, const struct query_row *row, struct strbuf *sb, char *err,
	       size_t errlen);

/*
 * Append what event row means, in a few words, for a terminal: a podman
 * execution as "podman SUBCMD" with its risks and targets (container IDs cut
 * to 12 characters) and why podman ran it itself when it did; a conmon/runc
 * execution as "RUNTIME ACTION" with its container; else as query_what().
 * Sets *risky to 1 for a podman command with risks (else 0) when risky is
 * not NULL. Returns 0, or -1 with a message in err.
 */
int query_action(struct query_lookup *q, const struct query_row *row, struct strbuf *sb, int *risky,
		 char *err, size_t errlen);

#endif
