/*
 * cursor.c: forwarding cursors in forward_target; see cursor.h.
 */
#include "forward/cursor.h"

#include <sqlite3.h>
#include <stdio.h>
#include <time.h>

#include "store/store.h"

int
forward_cursor_get(struct store *st, const char *name, int64_t *last_id, char *err, size_t errlen)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL;
	int rc;

	*last_id = 0;
	rc = sqlite3_prepare_v2(db, "SELECT last_id FROM forward_target WHERE name = ?1", -1, &s,
				NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			*last_id = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		snprintf(err, errlen, "reading the cursor of target '%s': %s", name,
			 sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

int
forward_cursor_put(struct store *st, const char *name, const char *url, const char *format,
		   int64_t last_id, int64_t sent, char *err, size_t errlen)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL;
	int rc;

	if (store_begin(st) != 0) {
		snprintf(err, errlen, "saving the cursor of target '%s': %s", name,
			 store_errmsg(st));
		return -1;
	}
	rc = sqlite3_prepare_v2(
	    db,
	    "INSERT INTO forward_target (name, url, format, last_id, sent, updated) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (name) DO UPDATE SET "
	    "url = excluded.url, format = excluded.format, last_id = excluded.last_id, "
	    "sent = sent + excluded.sent, updated = excluded.updated",
	    -1, &s, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, url, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, format, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 4, last_id);
		sqlite3_bind_int64(s, 5, sent);
		sqlite3_bind_int64(s, 6, (sqlite3_int64)time(NULL));
		rc = sqlite3_step(s);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "saving the cursor of target '%s': %s", name,
			 sqlite3_errmsg(db));
		store_rollback(st);
		return -1;
	}
	if (store_commit(st) != 0) {
		snprintf(err, errlen, "saving the cursor of target '%s': %s", name,
			 store_errmsg(st));
		return -1;
	}
	return 0;
}
