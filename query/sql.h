/*
 * sql.h: one read-only SQL query against a podaudit database, rendered as an
 * aligned table, CSV or JSON (`podaudit sql`, docs/sql.md).
 *
 * The database is opened read-only, with `PRAGMA query_only`, defensive mode,
 * untrusted schema and extension loading off, and an authorizer that lets
 * through reads and read-only functions only: whatever the query says, it
 * cannot change the database, attach another one, change a setting, load
 * code or start a transaction. A query that tries is refused before it runs,
 * with a message naming what was refused.
 *
 * Usage: sql_open(), sql_prepare() one query, sql_run() it, sql_close().
 */
#ifndef PODAUDIT_QUERY_SQL_H
#define PODAUDIT_QUERY_SQL_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct sql_session;

/* What sql_prepare() and sql_run() return. */
enum {
	SQL_OK = 0,
	SQL_FAILED = -1,      /* SQLite or an output error: the message says which */
	SQL_REFUSED = -2,     /* the query would write, attach, change a setting...: not run */
	SQL_INTERRUPTED = -3, /* *stop became non-zero (SIGINT) */
	SQL_TIMEOUT = -4,     /* the query ran longer than the timeout */
};

/* Output formats. */
enum sql_format {
	SQL_FORMAT_TABLE, /* aligned columns for a terminal, escaped */
	SQL_FORMAT_CSV,	  /* RFC 4180 with a header row, spreadsheet-safe (util/csv.h) */
	SQL_FORMAT_JSON,  /* an array of objects, one per row (util/json.h) */
};

/* Rows the table format reads before it fixes the column widths. */
#define SQL_TABLE_SAMPLE 1000

/* How sql_run() renders and when it stops. */
struct sql_options {
	enum sql_format format;
	int width;	   /* table: the line width to fit; 0 for no limit */
	long table_sample; /* table: rows read to size the columns; 0 for SQL_TABLE_SAMPLE */
	double timeout;	   /* seconds the query may run; 0 for no limit */
	const volatile sig_atomic_t *stop; /* the query stops when *stop != 0; may be NULL */
};

/*
 * Parse a format name ("table", "csv", "json") into *format. Returns 0, or
 * -1 when the name is none of these.
 */
int sql_format_parse(const char *name, enum sql_format *format);

/*
 * Open the podaudit database at path read-only for queries (it must exist:
 * it is never created) and install the guards described above. Returns
 * SQL_OK with the session in *out, or SQL_FAILED with *out NULL and a message
 * naming the path in err.
 */
int sql_open(const char *path, struct sql_session **out, char *err, size_t errlen);

/* Close the session (NULL is fine). */
void sql_close(struct sql_session *s);

/*
 * Prepare query, which must hold exactly one statement (comments, blanks and
 * a final ';' may follow it), replacing a statement prepared before. Returns
 * SQL_OK; SQL_REFUSED with a message beginning "refused: " when the query
 * would do anything but read (write, create, drop, attach, change a pragma,
 * begin a transaction, call load_extension(), VACUUM...) or holds more than
 * one statement; SQL_FAILED with SQLite's message (a syntax error, an unknown
 * table...). Messages have terminal escapes escaped (util/escape.h).
 */
int sql_prepare(struct sql_session *s, const char *query, char *err, size_t errlen);

/*
 * Run the prepared statement and write its rows to out in o's format,
 * streaming: CSV and JSON hold one row at a time, the table format the first
 * o->table_sample rows (to size its columns). Sets *rows (may be NULL) to the
 * number of rows written. Returns SQL_OK; SQL_INTERRUPTED or SQL_TIMEOUT when
 * the query was stopped; SQL_FAILED with SQLite's message, or when writing
 * to out failed. On a failure after rows were written, the output stops where
 * it happened (a JSON array is left unclosed).
 */
int sql_run(struct sql_session *s, const struct sql_options *o, FILE *out, long *rows, char *err,
	    size_t errlen);

#endif
