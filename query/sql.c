/*
 * sql.c: one read-only query against a podaudit database; see sql.h and
 * docs/sql.md.
 *
 * Layers of protection, each enough on its own for what it covers:
 *   1. the file is opened SQLITE_OPEN_READONLY (never created) and
 *      `PRAGMA query_only = 1` is set: SQLite refuses to change it;
 *   2. the authorizer refuses, while the query is prepared, every action
 *      that is not a read: writes, CREATE/DROP/ALTER (temp objects too),
 *      ATTACH/DETACH, pragmas outside a read-only list, transactions and
 *      savepoints, REINDEX/ANALYZE, and functions that load code or touch
 *      files; it records what it refused, for the message;
 *   3. a prepared statement that SQLite does not call read-only (VACUUM
 *      [INTO], which no authorizer action covers) is refused before it runs;
 *   4. extension loading, triggers and views that call unsafe functions
 *      (trusted_schema off), writes to the schema (defensive mode) and
 *      ATTACH (limit 0) are switched off on the connection.
 */
#include "query/sql.h"

#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "store/store.h"
#include "util/alloc.h"
#include "util/csv.h"
#include "util/escape.h"
#include "util/json.h"
#include "util/strbuf.h"

#define REFUSAL_MAX  512
#define FLUSH_AT     (64 * 1024)
#define PROGRESS_OPS 1000
#define MIN_COLUMN   4 /* a table column is not squeezed below this */
#define TAIL_SHOWN   40

struct sql_session {
	struct store *st;
	sqlite3 *db;
	sqlite3_stmt *stmt;
	char refusal[REFUSAL_MAX]; /* what the authorizer refused first; "" if nothing */
	char pending[REFUSAL_MAX]; /* a schema-table write it let through (see authorize) */
	const volatile sig_atomic_t *stop;
	int has_deadline;
	struct timespec deadline;
	int stopped; /* SQL_INTERRUPTED or SQL_TIMEOUT once the progress handler stopped */
};

/* Pragmas that only ever read, whatever their argument (it names an object or a count). */
static const char *const pragmas_any_arg[] = {
    "table_info",	"table_xinfo",	     "index_list",	"index_info",  "index_xinfo",
    "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check",
};

/* Pragmas that read without an argument (with one, most of them set). */
static const char *const pragmas_no_arg[] = {
    "user_version", "application_id", "schema_version", "data_version",	   "page_count",
    "page_size",    "freelist_count", "encoding",	"compile_options", "function_list",
    "module_list",  "pragma_list",    "collation_list", "database_list",
};

/* Functions refused, and why. */
static const struct {
	const char *name;
	const char *why;
} functions_refused[] = {
    {"load_extension", "loads code into podaudit"},
    {"fts3_tokenizer", "can register a code pointer"},
    {"writefile", "writes files"},
    {"readfile", "reads files"},
    {"edit", "runs an editor"},
    {"fsdir", "reads directories"},
    {"zipfile", "reads and writes files"},
    {"sqlar_compress", "belongs to the archive extension"},
    {"sqlar_uncompress", "belongs to the archive extension"},
};

/*
 * Set the refusal message from text, replacing "%1" and "%2" with n1 and n2
 * escaped for a terminal ("?" when NULL). Only the first refusal of a
 * statement is kept in the main slot; into != s->refusal fills another.
 */
static void
note(char *into, const char *text, const char *n1, const char *n2)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	if (into[0] != '\0')
		return;
	for (p = text; *p != '\0'; p++) {
		if (p[0] == '%' && (p[1] == '1' || p[1] == '2')) {
			const char *n = p[1] == '1' ? n1 : n2;
			if (n == NULL)
				n = "?";
			escape_terminal(&sb, n, strlen(n));
			p++;
		} else {
			strbuf_putc(&sb, *p);
		}
	}
	snprintf(into, REFUSAL_MAX, "%s", strbuf_str(&sb));
	strbuf_free(&sb);
}

/* Is name in list (case-insensitive, as SQLite names are)? */
static int
in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (name != NULL && strcasecmp(name, list[i]) == 0)
			return 1;
	return 0;
}

/* Is name one of SQLite's schema tables? */
static int
schema_table(const char *name)
{
	static const char *const names[] = {"sqlite_master", "sqlite_temp_master", "sqlite_schema",
					    "sqlite_temp_schema"};

	return in_list(name, names, sizeof(names) / sizeof(names[0]));
}

/* The verb of a data change, for messages. */
static const char *
write_verb(int action)
{
	return action == SQLITE_INSERT ? "INSERT" : action == SQLITE_UPDATE ? "UPDATE" : "DELETE";
}

/*
 * The authorizer (sqlite3_set_authorizer): SQLITE_OK for what reads,
 * SQLITE_DENY, after noting why, for everything else. a3/a4 are the action's
 * two names (see the SQLite documentation of each action code).
 *
 * SQLite itself asks for UPDATE of sqlite_master, in a nested statement,
 * when a query uses an eponymous virtual table (json_each, pragma_table_info)
 * and INSERT into it before the CREATE action a CREATE statement is then
 * refused for: those are let through and noted in s->pending; the statement
 * is refused later anyway if it is not read-only, and a user's own write to
 * sqlite_master is refused by SQLite ("may not be modified").
 */
static int
authorize(void *ctx, int action, const char *a3, const char *a4, const char *dbname,
	  const char *view)
{
	struct sql_session *s = ctx;
	char *r = s->refusal;

	(void)dbname;
	(void)view;
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_FUNCTION:
		for (size_t i = 0; i < sizeof(functions_refused) / sizeof(functions_refused[0]);
		     i++)
			if (a4 != NULL && strcasecmp(a4, functions_refused[i].name) == 0) {
				note(r, "the query calls %1(), which %2", a4,
				     functions_refused[i].why);
				return SQLITE_DENY;
			}
		return SQLITE_OK;
	case SQLITE_PRAGMA:
		if (in_list(a3, pragmas_any_arg, sizeof(pragmas_any_arg) / sizeof(char *)) ||
		    (a4 == NULL &&
		     in_list(a3, pragmas_no_arg, sizeof(pragmas_no_arg) / sizeof(char *))))
			return SQLITE_OK;
		if (a4 != NULL)
			note(r, "the query would change a setting: PRAGMA %1 = %2", a3, a4);
		else
			note(r,
			     "PRAGMA %1 is not one of the read-only pragmas podaudit sql allows "
			     "(docs/sql.md)",
			     a3, NULL);
		return SQLITE_DENY;
	case SQLITE_INSERT:
	case SQLITE_UPDATE:
	case SQLITE_DELETE:
		if (schema_table(a3)) {
			note(s->pending, "the query would write to the schema (table %1)", a3,
			     NULL);
			return SQLITE_OK;
		}
		note(r, "the query would write to table %1 (%2)", a3, write_verb(action));
		return SQLITE_DENY;
	case SQLITE_CREATE_TABLE:
		note(r, "the query would create table %1", a3, NULL);
		break;
	case SQLITE_CREATE_TEMP_TABLE:
		note(r, "the query would create temporary table %1", a3, NULL);
		break;
	case SQLITE_CREATE_INDEX:
	case SQLITE_CREATE_TEMP_INDEX:
		note(r, "the query would create index %1 on table %2", a3, a4);
		break;
	case SQLITE_CREATE_VIEW:
	case SQLITE_CREATE_TEMP_VIEW:
		note(r, "the query would create view %1", a3, NULL);
		break;
	case SQLITE_CREATE_TRIGGER:
	case SQLITE_CREATE_TEMP_TRIGGER:
		note(r, "the query would create trigger %1 on table %2", a3, a4);
		break;
	case SQLITE_CREATE_VTABLE:
		note(r, "the query would create virtual table %1 (module %2)", a3, a4);
		break;
	case SQLITE_DROP_TABLE:
	case SQLITE_DROP_TEMP_TABLE:
		note(r, "the query would drop table %1", a3, NULL);
		break;
	case SQLITE_DROP_INDEX:
	case SQLITE_DROP_TEMP_INDEX:
		note(r, "the query would drop index %1", a3, NULL);
		break;
	case SQLITE_DROP_VIEW:
	case SQLITE_DROP_TEMP_VIEW:
		note(r, "the query would drop view %1", a3, NULL);
		break;
	case SQLITE_DROP_TRIGGER:
	case SQLITE_DROP_TEMP_TRIGGER:
		note(r, "the query would drop trigger %1", a3, NULL);
		break;
	case SQLITE_DROP_VTABLE:
		note(r, "the query would drop virtual table %1", a3, NULL);
		break;
	case SQLITE_ALTER_TABLE:
		note(r, "the query would alter table %1", a4, NULL);
		break;
	case SQLITE_REINDEX:
		note(r, "the query would rebuild index %1 (REINDEX)", a3, NULL);
		break;
	case SQLITE_ANALYZE:
		note(r, "the query would write statistics on table %1 (ANALYZE)", a3, NULL);
		break;
	case SQLITE_ATTACH:
		note(r, "the query would attach database file '%1'", a3, NULL);
		break;
	case SQLITE_DETACH:
		note(r, "the query would detach database %1", a3, NULL);
		break;
	case SQLITE_TRANSACTION:
		note(r,
		     "the query would control a transaction (%1): podaudit sql runs one "
		     "read-only statement",
		     a3, NULL);
		break;
	case SQLITE_SAVEPOINT:
		note(r,
		     "the query would control a savepoint (%1 %2): podaudit sql runs one "
		     "read-only statement",
		     a3 != NULL && strcmp(a3, "BEGIN") == 0 ? "SAVEPOINT" : a3, a4);
		break;
	default: {
		char code[16];
		snprintf(code, sizeof(code), "%d", action);
		note(r, "the query asks for SQLite action %1, which podaudit sql does not allow",
		     code, NULL);
		break;
	}
	}
	return SQLITE_DENY;
}

/*
 * Progress handler: stop the running statement (return non-zero) when *stop
 * is set or the deadline has passed, recording which in s->stopped.
 */
static int
progress(void *ctx)
{
	struct sql_session *s = ctx;
	struct timespec now;

	if (s->stop != NULL && *s->stop) {
		s->stopped = SQL_INTERRUPTED;
		return 1;
	}
	if (s->has_deadline && clock_gettime(CLOCK_MONOTONIC, &now) == 0 &&
	    (now.tv_sec > s->deadline.tv_sec ||
	     (now.tv_sec == s->deadline.tv_sec && now.tv_nsec >= s->deadline.tv_nsec))) {
		s->stopped = SQL_TIMEOUT;
		return 1;
	}
	return 0;
}

int
sql_format_parse(const char *name, enum sql_format *format)
{
	static const struct {
		const char *name;
		enum sql_format format;
	} names[] = {
	    {"table", SQL_FORMAT_TABLE},
	    {"csv", SQL_FORMAT_CSV},
	    {"json", SQL_FORMAT_JSON},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i].name) == 0) {
			*format = names[i].format;
			return 0;
		}
	return -1;
}

/*
 * Switch the connection's guards on. Returns 0, or -1 with SQLite's message
 * in err when one could not be set.
 */
static int
guard(struct sql_session *s, char *err, size_t errlen)
{
	static const struct {
		int op, value;
		const char *what;
	} configs[] = {
	    {SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, "extension loading off"},
	    {SQLITE_DBCONFIG_DEFENSIVE, 1, "defensive mode"},
	    {SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, "untrusted schema"},
	    {SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, "triggers off"},
	    {SQLITE_DBCONFIG_WRITABLE_SCHEMA, 0, "schema writes off"},
	};
	char *msg = NULL;
	int got;

	for (size_t i = 0; i < sizeof(configs) / sizeof(configs[0]); i++) {
		got = -1;
		if (sqlite3_db_config(s->db, configs[i].op, configs[i].value, &got) != SQLITE_OK ||
		    got != configs[i].value) {
			snprintf(err, errlen, "cannot set %s", configs[i].what);
			return -1;
		}
	}
	if (sqlite3_exec(s->db, "PRAGMA query_only = 1", NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "cannot set query_only: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	sqlite3_limit(s->db, SQLITE_LIMIT_ATTACHED, 0);
	if (sqlite3_set_authorizer(s->db, authorize, s) != SQLITE_OK) {
		snprintf(err, errlen, "cannot install the authorizer");
		return -1;
	}
	return 0;
}

int
sql_open(const char *path, struct sql_session **out, char *err, size_t errlen)
{
	struct sql_session *s;
	struct stat sb;
	char why[512];

	*out = NULL;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			snprintf(err, errlen,
				 "%s: no such database (podaudit ingest creates it; --db or "
				 "PODAUDIT_DB name another)",
				 path);
		else
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return SQL_FAILED;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		return SQL_FAILED;
	}
	if (sb.st_size == 0) {
		snprintf(err, errlen, "%s: an empty file, not a podaudit database", path);
		return SQL_FAILED;
	}
	s = alloc_check(calloc(1, sizeof(*s)));
	if (store_open(path, STORE_READONLY, &s->st, err, errlen) != 0) {
		free(s);
		return SQL_FAILED;
	}
	s->db = store_db(s->st);
	if (guard(s, why, sizeof(why)) != 0) {
		snprintf(err, errlen, "%s: %s", path, why);
		sql_close(s);
		return SQL_FAILED;
	}
	*out = s;
	return SQL_OK;
}

void
sql_close(struct sql_session *s)
{
	if (s == NULL)
		return;
	sqlite3_finalize(s->stmt);
	store_close(s->st);
	free(s);
}

/*
 * Skip what SQLite ignores between statements: blanks, "--" and C-style
 * comments, and semicolons. Returns a pointer to the next statement's text,
 * or to the terminating NUL.
 */
static const char *
skip_blank(const char *p)
{
	for (;;) {
		if (*p != '\0' && strchr(" \t\n\v\f\r;", *p) != NULL) {
			p++;
		} else if (p[0] == '-' && p[1] == '-') {
			p += strcspn(p, "\n");
		} else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");
			p = end != NULL ? end + 2 : p + strlen(p);
		} else {
			return p;
		}
	}
}

/* Append up to max bytes of s to sb, escaped, with "..." when cut. */
static void
put_excerpt(struct strbuf *sb, const char *s, size_t max)
{
	size_t n = strlen(s);

	/* Never cut inside a UTF-8 sequence. */
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	escape_terminal(sb, s, n);
	if (n < strlen(s))
		strbuf_puts(sb, "...");
}

/* Write "refused: " and text into err; returns SQL_REFUSED. */
static int
refused(char *err, size_t errlen, const char *text)
{
	snprintf(err, errlen, "refused: %s", text);
	return SQL_REFUSED;
}

/*
 * The refusal for a prepared statement that is not read-only although the
 * authorizer let it through (VACUUM, VACUUM INTO).
 */
static int
refuse_writer(struct sql_session *s, const char *query, char *err, size_t errlen)
{
	const char *p = skip_blank(query);
	char word[24];
	size_t n = 0;

	if (s->pending[0] != '\0')
		return refused(err, errlen, s->pending);
	while (n < sizeof(word) - 1 &&
	       ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z'))) {
		word[n] = (char)(p[n] >= 'a' ? p[n] - 'a' + 'A' : p[n]);
		n++;
	}
	word[n] = '\0';
	if (strcmp(word, "VACUUM") == 0)
		return refused(
		    err, errlen,
		    "the query would rewrite the database or write a copy of it (VACUUM)");
	snprintf(err, errlen, "refused: the query would change the database (%s)",
		 n > 0 ? word : "not a read-only statement");
	return SQL_REFUSED;
}

/*
 * The message for a query SQLite could not prepare: its own, or a refusal
 * when SQLite turned down a write before the authorizer saw it (a write to
 * a view, or to sqlite_master). Returns SQL_FAILED or SQL_REFUSED.
 */
static int
prepare_error(struct sql_session *s, char *err, size_t errlen)
{
	static const char view_pre[] = "cannot modify ", view_post[] = " because it is a view";
	static const char schema_pre[] = "table ", schema_post[] = " may not be modified";
	const char *msg = sqlite3_errmsg(s->db);
	size_t n = strlen(msg);
	struct strbuf sb = STRBUF_INIT;
	int rc = SQL_REFUSED;

	if (n > strlen(view_pre) + strlen(view_post) &&
	    strncmp(msg, view_pre, strlen(view_pre)) == 0 &&
	    strcmp(msg + n - strlen(view_post), view_post) == 0) {
		strbuf_puts(&sb, "refused: the query would write to view ");
		escape_terminal(&sb, msg + strlen(view_pre),
				n - strlen(view_pre) - strlen(view_post));
	} else if (n > strlen(schema_pre) + strlen(schema_post) &&
		   strncmp(msg, schema_pre, strlen(schema_pre)) == 0 &&
		   strcmp(msg + n - strlen(schema_post), schema_post) == 0) {
		strbuf_puts(&sb, "refused: the query would write to the schema (table ");
		escape_terminal(&sb, msg + strlen(schema_pre),
				n - strlen(schema_pre) - strlen(schema_post));
		strbuf_putc(&sb, ')');
	} else {
		escape_terminal(&sb, msg, n);
		rc = SQL_FAILED;
	}
	snprintf(err, errlen, "%s", strbuf_str(&sb));
	strbuf_free(&sb);
	return rc;
}

int
sql_prepare(struct sql_session *s, const char *query, char *err, size_t errlen)
{
	struct strbuf sb = STRBUF_INIT;
	const char *tail = NULL, *rest;
	int rc;

	sqlite3_finalize(s->stmt);
	s->stmt = NULL;
	s->refusal[0] = '\0';
	s->pending[0] = '\0';
	rc = sqlite3_prepare_v2(s->db, query, -1, &s->stmt, &tail);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(s->stmt);
		s->stmt = NULL;
		if (s->refusal[0] != '\0')
			return refused(err, errlen, s->refusal);
		if ((rc & 0xff) == SQLITE_AUTH && s->pending[0] != '\0')
			return refused(err, errlen, s->pending);
		return prepare_error(s, err, errlen);
	}
	if (s->stmt == NULL) {
		snprintf(err, errlen, "the query is empty");
		return SQL_FAILED;
	}
	rest = skip_blank(tail);
	if (*rest != '\0') {
		sqlite3_finalize(s->stmt);
		s->stmt = NULL;
		strbuf_puts(&sb, "the query holds more than one statement; podaudit sql runs "
				 "exactly one (the second begins: ");
		put_excerpt(&sb, rest, TAIL_SHOWN);
		strbuf_putc(&sb, ')');
		rc = refused(err, errlen, strbuf_str(&sb));
		strbuf_free(&sb);
		return rc;
	}
	if (!sqlite3_stmt_readonly(s->stmt)) {
		sqlite3_finalize(s->stmt);
		s->stmt = NULL;
		return refuse_writer(s, query, err, errlen);
	}
	return SQL_OK;
}

/* ---- rendering ---- */

/* One rendered table cell of the rows read to size the columns. */
struct tcell {
	size_t off, len; /* in the arena */
	int width;	 /* display width (code points) */
	int kind;	 /* SQLITE_INTEGER, ... of the value */
};

/* What a renderer works with. */
struct render {
	sqlite3_stmt *stmt;
	int ncol;
	FILE *out;
	const struct sql_options *o;
	struct strbuf buf; /* output not yet written */
	long rows;
	char *err;
	size_t errlen;
	/* json */
	char **keys;
	/* table */
	struct strbuf arena; /* the cells of the rows read to size the columns */
	struct tcell *cells;
	long sampled, sample_max, cells_cap;
	int sized;
	int *width, *natural, *numeric; /* per column */
	struct strbuf line;		/* one line's cells, once sized */
	const char **texts;		/* the cells of the line being written... */
	size_t *lens, *offs;
	int *ws, *kinds;
};

/*
 * Write what is buffered when there is at least min bytes of it. Returns 0,
 * or -1 with a message in r->err when the output cannot be written.
 */
static int
flush(struct render *r, size_t min)
{
	if (r->buf.len == 0 || r->buf.len < min)
		return 0;
	if (fwrite(r->buf.buf, 1, r->buf.len, r->out) != r->buf.len || fflush(r->out) != 0) {
		snprintf(r->err, r->errlen, "cannot write the output: %s", strerror(errno));
		return -1;
	}
	strbuf_reset(&r->buf);
	return 0;
}

/* Append a BLOB as SQL's quote() writes it: X'0A1B'. */
static void
put_blob(struct strbuf *sb, const void *p, int n, int literal)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *u = p;

	if (literal)
		strbuf_puts(sb, "X'");
	for (int i = 0; i < n; i++) {
		strbuf_putc(sb, hex[u[i] >> 4]);
		strbuf_putc(sb, hex[u[i] & 15]);
	}
	if (literal)
		strbuf_putc(sb, '\'');
}

/* The text SQLite gives for column i (numbers in SQLite's own notation). */
static const char *
column_text(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	return t != NULL ? t : "";
}

/* -- CSV -- */

/* CSV: the header row. */
static int
csv_begin(struct render *r)
{
	for (int i = 0; i < r->ncol; i++) {
		const char *name = sqlite3_column_name(r->stmt, i);
		if (i > 0)
			strbuf_putc(&r->buf, ',');
		csv_put_text(&r->buf, name ? name : "", name ? strlen(name) : 0);
	}
	strbuf_putc(&r->buf, '\n');
	return flush(r, FLUSH_AT);
}

/* CSV: one row; NULL is an empty cell, numbers are written as numbers. */
static int
csv_row(struct render *r)
{
	for (int i = 0; i < r->ncol; i++) {
		if (i > 0)
			strbuf_putc(&r->buf, ',');
		switch (sqlite3_column_type(r->stmt, i)) {
		case SQLITE_NULL:
			break;
		case SQLITE_INTEGER:
			csv_put_int(&r->buf, sqlite3_column_int64(r->stmt, i));
			break;
		case SQLITE_FLOAT:
			strbuf_puts(&r->buf, column_text(r->stmt, i));
			break;
		case SQLITE_BLOB:
			put_blob(&r->buf, sqlite3_column_blob(r->stmt, i),
				 sqlite3_column_bytes(r->stmt, i), 1);
			break;
		default: {
			const char *t = column_text(r->stmt, i);
			csv_put_text(&r->buf, t, (size_t)sqlite3_column_bytes(r->stmt, i));
		}
		}
	}
	strbuf_putc(&r->buf, '\n');
	return flush(r, FLUSH_AT);
}

/* CSV: nothing after the rows. */
static int
csv_end(struct render *r)
{
	return flush(r, 0);
}

/* -- JSON -- */

/*
 * JSON: the object keys (a column name repeated in the result gets ":2",
 * ":3"... so that keys are unique) and the array's "[".
 */
static int
json_begin(struct render *r)
{
	r->keys = alloc_check(calloc((size_t)r->ncol + 1, sizeof(char *)));
	for (int i = 0; i < r->ncol; i++) {
		const char *name = sqlite3_column_name(r->stmt, i);
		struct strbuf key = STRBUF_INIT;
		int seen = 0;

		if (name == NULL)
			name = "";
		for (int j = 0; j < i; j++) {
			const char *other = sqlite3_column_name(r->stmt, j);
			if (other != NULL && strcmp(other, name) == 0)
				seen++;
		}
		strbuf_puts(&key, name);
		if (seen > 0)
			strbuf_printf(&key, ":%d", seen + 1);
		r->keys[i] = alloc_check(strdup(strbuf_str(&key)));
		strbuf_free(&key);
	}
	strbuf_putc(&r->buf, '[');
	return 0;
}

/* JSON: one row as one object on one line. */
static int
json_row(struct render *r)
{
	strbuf_puts(&r->buf, r->rows == 0 ? "\n{" : ",\n{");
	for (int i = 0; i < r->ncol; i++) {
		if (i > 0)
			strbuf_putc(&r->buf, ',');
		json_put_string(&r->buf, r->keys[i], strlen(r->keys[i]));
		strbuf_putc(&r->buf, ':');
		switch (sqlite3_column_type(r->stmt, i)) {
		case SQLITE_NULL:
			strbuf_puts(&r->buf, "null");
			break;
		case SQLITE_INTEGER:
			strbuf_printf(&r->buf, "%lld", (long long)sqlite3_column_int64(r->stmt, i));
			break;
		case SQLITE_FLOAT: {
			double d = sqlite3_column_double(r->stmt, i);
			if (isinf(d))
				strbuf_puts(&r->buf, d > 0 ? "9.0e+999" : "-9.0e+999");
			else if (isnan(d))
				strbuf_puts(&r->buf, "null");
			else
				strbuf_puts(&r->buf, column_text(r->stmt, i));
			break;
		}
		case SQLITE_BLOB:
			strbuf_putc(&r->buf, '"');
			put_blob(&r->buf, sqlite3_column_blob(r->stmt, i),
				 sqlite3_column_bytes(r->stmt, i), 0);
			strbuf_putc(&r->buf, '"');
			break;
		default: {
			const char *t = column_text(r->stmt, i);
			json_put_string(&r->buf, t, (size_t)sqlite3_column_bytes(r->stmt, i));
		}
		}
	}
	strbuf_putc(&r->buf, '}');
	return flush(r, FLUSH_AT);
}

/* JSON: close the array. */
static int
json_end(struct render *r)
{
	strbuf_puts(&r->buf, r->rows == 0 ? "]\n" : "\n]\n");
	return flush(r, 0);
}

/* -- table -- */

/* Display width of s (n bytes of escaped, valid UTF-8): its code points. */
static int
display_width(const char *s, size_t n)
{
	int w = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

/* Byte length of the first k code points of s (n bytes). */
static size_t
prefix_bytes(const char *s, size_t n, int k)
{
	size_t i = 0;

	while (i < n && k > 0) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		k--;
	}
	return i;
}

/*
 * Append column i of the current row as shown in a table: escaped for a
 * terminal; NULL as NULL, a text that reads "NULL" as \x4eULL so the two
 * never look alike; a BLOB as X'0A1B'. Returns the value's type.
 */
static int
table_value(struct strbuf *sb, sqlite3_stmt *st, int i)
{
	int type = sqlite3_column_type(st, i);
	const char *t;
	int n;

	switch (type) {
	case SQLITE_NULL:
		strbuf_puts(sb, "NULL");
		break;
	case SQLITE_INTEGER:
	case SQLITE_FLOAT:
		strbuf_puts(sb, column_text(st, i));
		break;
	case SQLITE_BLOB:
		put_blob(sb, sqlite3_column_blob(st, i), sqlite3_column_bytes(st, i), 1);
		break;
	default:
		t = column_text(st, i);
		n = sqlite3_column_bytes(st, i);
		if (n == 4 && memcmp(t, "NULL", 4) == 0)
			strbuf_puts(sb, "\\x4eULL");
		else
			escape_terminal(sb, t, (size_t)n);
	}
	return type;
}

/*
 * Append one table cell: s (n bytes, width w) cut to width with an ellipsis
 * when longer (but a NULL is never cut: a column sized on rows without one
 * can be narrower than the word), padded to width (on the left when
 * right-aligned), except for the last column's trailing blanks.
 */
static void
put_cell(struct strbuf *sb, const char *s, size_t n, int w, int width, int right, int last,
	 int null)
{
	int pad;

	if (width > 0 && w > width && !null) {
		strbuf_add(sb, s, prefix_bytes(s, n, width - 1));
		strbuf_puts(sb, "\u2026");
		return;
	}
	pad = width - w;
	if (right)
		for (int k = 0; k < pad; k++)
			strbuf_putc(sb, ' ');
	strbuf_add(sb, s, n);
	if (!right && !last)
		for (int k = 0; k < pad; k++)
			strbuf_putc(sb, ' ');
}

/*
 * Fit the natural widths into r->o->width: when the line would be too
 * long, cap every column at the largest width that fits (not below
 * MIN_COLUMN) and give what is left over to the capped columns.
 */
static void
fit_widths(struct render *r)
{
	int n = r->ncol, lo = MIN_COLUMN, hi = 0;
	long total = 2L * (n - 1), left;

	for (int i = 0; i < n; i++) {
		r->width[i] = r->natural[i];
		total += r->natural[i];
		if (r->natural[i] > hi)
			hi = r->natural[i];
	}
	if (r->o->width <= 0 || total <= r->o->width)
		return;
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;
		long sum = 2L * (n - 1);
		for (int i = 0; i < n; i++)
			sum += r->natural[i] < mid ? r->natural[i] : mid;
		if (sum <= r->o->width)
			lo = mid;
		else
			hi = mid - 1;
	}
	left = r->o->width - 2L * (n - 1);
	for (int i = 0; i < n; i++) {
		r->width[i] = r->natural[i] < lo ? r->natural[i] : lo;
		left -= r->width[i];
	}
	for (int i = 0; i < n && left > 0; i++)
		if (r->width[i] < r->natural[i]) {
			r->width[i]++;
			left--;
		}
}

/*
 * Append one line of cells from r->texts, r->lens, r->ws (display widths)
 * and r->kinds (value types, or all 0 for the header).
 */
static void
table_line(struct render *r)
{
	for (int i = 0; i < r->ncol; i++) {
		if (i > 0)
			strbuf_puts(&r->buf, "  ");
		put_cell(&r->buf, r->texts[i], r->lens[i], r->ws[i], r->width[i], r->numeric[i],
			 i == r->ncol - 1, r->kinds[i] == SQLITE_NULL);
	}
	strbuf_putc(&r->buf, '\n');
}

/*
 * Table: fix the column widths from the header and the rows read so far
 * (a column whose values are all numbers is right-aligned), then write the
 * header, its underline and those rows, and free them.
 */
static int
table_size(struct render *r)
{
	int rc = 0;

	strbuf_reset(&r->line);
	for (int i = 0; i < r->ncol; i++) {
		const char *name = sqlite3_column_name(r->stmt, i);
		r->offs[i] = r->line.len;
		escape_terminal(&r->line, name ? name : "", name ? strlen(name) : 0);
		r->lens[i] = r->line.len - r->offs[i];
		r->ws[i] = display_width(r->line.buf + r->offs[i], r->lens[i]);
		r->natural[i] = r->ws[i] > 0 ? r->ws[i] : 1;
		r->numeric[i] = r->numeric[i] > 0;
		r->kinds[i] = 0;
	}
	for (long k = 0; k < r->sampled; k++)
		for (int i = 0; i < r->ncol; i++)
			if (r->cells[k * r->ncol + i].width > r->natural[i])
				r->natural[i] = r->cells[k * r->ncol + i].width;
	fit_widths(r);
	for (int i = 0; i < r->ncol; i++)
		r->texts[i] = r->line.buf + r->offs[i];
	table_line(r);
	for (int i = 0; i < r->ncol; i++) {
		if (i > 0)
			strbuf_puts(&r->buf, "  ");
		for (int k = 0; k < r->width[i]; k++)
			strbuf_putc(&r->buf, '-');
	}
	strbuf_putc(&r->buf, '\n');
	for (long k = 0; k < r->sampled && rc == 0; k++) {
		for (int i = 0; i < r->ncol; i++) {
			const struct tcell *c = &r->cells[k * r->ncol + i];
			r->texts[i] = r->arena.buf + c->off;
			r->lens[i] = c->len;
			r->ws[i] = c->width;
			r->kinds[i] = c->kind;
		}
		table_line(r);
		rc = flush(r, FLUSH_AT);
	}
	r->sized = 1;
	strbuf_free(&r->arena);
	free(r->cells);
	r->cells = NULL;
	return rc != 0 ? rc : flush(r, FLUSH_AT);
}

/* Table: allocate the per-column arrays. */
static int
table_begin(struct render *r)
{
	size_t n = (size_t)r->ncol;

	r->width = alloc_check(calloc(n, sizeof(int)));
	r->natural = alloc_check(calloc(n, sizeof(int)));
	r->numeric = alloc_check(calloc(n, sizeof(int)));
	r->ws = alloc_check(calloc(n, sizeof(int)));
	r->kinds = alloc_check(calloc(n, sizeof(int)));
	r->lens = alloc_check(calloc(n, sizeof(size_t)));
	r->offs = alloc_check(calloc(n, sizeof(size_t)));
	r->texts = alloc_check(calloc(n, sizeof(char *)));
	r->sample_max = r->o->table_sample > 0 ? r->o->table_sample : SQL_TABLE_SAMPLE;
	for (int i = 0; i < r->ncol; i++)
		r->numeric[i] = -1; /* unknown until a value is seen */
	return 0;
}

/*
 * Table: while sizing the columns, keep the row (each cell cut to what a
 * line can show, its full width noted); once sized, write it at once.
 */
static int
table_row(struct render *r)
{
	int keep = r->o->width > 0 ? (r->o->width > MIN_COLUMN ? r->o->width : MIN_COLUMN) : 0;

	if (r->sized) {
		strbuf_reset(&r->line);
		for (int i = 0; i < r->ncol; i++) {
			r->offs[i] = r->line.len;
			r->kinds[i] = table_value(&r->line, r->stmt, i);
			r->lens[i] = r->line.len - r->offs[i];
			r->ws[i] = display_width(r->line.buf + r->offs[i], r->lens[i]);
		}
		for (int i = 0; i < r->ncol; i++)
			r->texts[i] = r->line.buf + r->offs[i];
		table_line(r);
		return flush(r, FLUSH_AT);
	}
	if (r->sampled == r->cells_cap) {
		r->cells_cap = r->cells_cap ? 2 * r->cells_cap : 16;
		r->cells = alloc_check(realloc(r->cells, (size_t)r->cells_cap * (size_t)r->ncol *
							     sizeof(struct tcell)));
	}
	for (int i = 0; i < r->ncol; i++) {
		struct tcell *c = &r->cells[r->sampled * r->ncol + i];
		c->off = r->arena.len;
		c->kind = table_value(&r->arena, r->stmt, i);
		c->len = r->arena.len - c->off;
		c->width = display_width(r->arena.buf + c->off, c->len);
		if (keep > 0 && c->width > keep) {
			c->len = prefix_bytes(r->arena.buf + c->off, c->len, keep);
			r->arena.len = c->off + c->len;
			r->arena.buf[r->arena.len] = '\0';
		}
		if (c->kind != SQLITE_NULL)
			r->numeric[i] = r->numeric[i] != 0 &&
					(c->kind == SQLITE_INTEGER || c->kind == SQLITE_FLOAT);
	}
	r->sampled++;
	return r->sampled < r->sample_max ? 0 : table_size(r);
}

/* Table: write what is still held, and the row count. */
static int
table_end(struct render *r)
{
	if (!r->sized && table_size(r) != 0)
		return -1;
	strbuf_printf(&r->buf, "(%ld row%s)\n", r->rows, r->rows == 1 ? "" : "s");
	return flush(r, 0);
}

/* The renderers, by format. */
static const struct renderer {
	enum sql_format format;
	int (*begin)(struct render *r);
	int (*row)(struct render *r);
	int (*end)(struct render *r);
} renderers[] = {
    {SQL_FORMAT_TABLE, table_begin, table_row, table_end},
    {SQL_FORMAT_CSV, csv_begin, csv_row, csv_end},
    {SQL_FORMAT_JSON, json_begin, json_row, json_end},
};

/* Free what a render holds. */
static void
render_free(struct render *r)
{
	if (r->keys != NULL)
		for (int i = 0; i < r->ncol; i++)
			free(r->keys[i]);
	free(r->keys);
	strbuf_free(&r->buf);
	strbuf_free(&r->arena);
	free(r->cells);
	free(r->width);
	free(r->natural);
	free(r->numeric);
	strbuf_free(&r->line);
	free(r->texts);
	free(r->lens);
	free(r->offs);
	free(r->ws);
	free(r->kinds);
}

/* Set the deadline o->timeout seconds from now (none when 0). */
static void
set_deadline(struct sql_session *s, double timeout)
{
	s->has_deadline = 0;
	if (timeout <= 0 || clock_gettime(CLOCK_MONOTONIC, &s->deadline) != 0)
		return;
	s->deadline.tv_sec += (time_t)timeout;
	s->deadline.tv_nsec += (long)((timeout - floor(timeout)) * 1e9);
	if (s->deadline.tv_nsec >= 1000000000L) {
		s->deadline.tv_sec++;
		s->deadline.tv_nsec -= 1000000000L;
	}
	s->has_deadline = 1;
}

/* The message and code of a statement stopped by the progress handler. */
static int
stopped(struct sql_session *s, const struct sql_options *o, char *err, size_t errlen)
{
	if (s->stopped == SQL_TIMEOUT)
		snprintf(err, errlen, "the query ran longer than the %g s timeout and was stopped",
			 o->timeout);
	else
		snprintf(err, errlen, "interrupted");
	return s->stopped;
}

int
sql_run(struct sql_session *s, const struct sql_options *o, FILE *out, long *rows, char *err,
	size_t errlen)
{
	const struct renderer *rd = NULL;
	struct render r = {0};
	int rc = SQL_OK, step;

	if (rows != NULL)
		*rows = 0;
	if (s->stmt == NULL) {
		snprintf(err, errlen, "no query prepared");
		return SQL_FAILED;
	}
	for (size_t i = 0; i < sizeof(renderers) / sizeof(renderers[0]); i++)
		if (renderers[i].format == o->format)
			rd = &renderers[i];
	if (rd == NULL) {
		snprintf(err, errlen, "unknown output format");
		return SQL_FAILED;
	}
	r.stmt = s->stmt;
	r.ncol = sqlite3_column_count(s->stmt);
	r.out = out;
	r.o = o;
	r.err = err;
	r.errlen = errlen;
	s->stop = o->stop;
	s->stopped = 0;
	set_deadline(s, o->timeout);
	sqlite3_progress_handler(s->db, PROGRESS_OPS, progress, s);
	if (rd->begin(&r) != 0) {
		rc = SQL_FAILED;
		goto done;
	}
	while ((step = sqlite3_step(s->stmt)) == SQLITE_ROW) {
		if (rd->row(&r) != 0) {
			rc = SQL_FAILED;
			goto done;
		}
		r.rows++;
		if (o->stop != NULL && *o->stop) {
			s->stopped = SQL_INTERRUPTED;
			break;
		}
	}
	if (s->stopped != 0) {
		flush(&r, 0);
		rc = stopped(s, o, err, errlen);
		goto done;
	}
	if (step != SQLITE_DONE) {
		struct strbuf msg = STRBUF_INIT;
		flush(&r, 0);
		escape_terminal(&msg, sqlite3_errmsg(s->db), strlen(sqlite3_errmsg(s->db)));
		snprintf(err, errlen, "%s", strbuf_str(&msg));
		strbuf_free(&msg);
		rc = SQL_FAILED;
		goto done;
	}
	if (rd->end(&r) != 0)
		rc = SQL_FAILED;
done:
	sqlite3_progress_handler(s->db, 0, NULL, NULL);
	sqlite3_reset(s->stmt);
	if (rows != NULL)
		*rows = r.rows;
	render_free(&r);
	return rc;
}
