/*
 * eventdoc_dump.c: print the event documents of a database, one per line.
 *
 *   eventdoc_dump DB [--raw] [ID ...]
 *
 * Without IDs, every event in id order. Exit 0; 3 when an ID is not found
 * (the others are still printed); 1 on error.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/eventdoc.h"
#include "store/store.h"

static int
dump(struct eventdoc *ed, int64_t id, int flags, struct strbuf *sb)
{
	char err[256];
	int rc;

	strbuf_reset(sb);
	rc = eventdoc_json(ed, id, flags, sb, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "eventdoc_dump: %s\n", err);
		return 1;
	}
	if (rc == 1) {
		fprintf(stderr, "eventdoc_dump: no event %lld\n", (long long)id);
		return 3;
	}
	fwrite(sb->buf, 1, sb->len, stdout);
	putchar('\n');
	return 0;
}

int
main(int argc, char **argv)
{
	struct store *st = NULL;
	struct eventdoc *ed = NULL;
	struct strbuf sb = STRBUF_INIT;
	char err[256];
	int flags = 0, i = 2, status = 0, rc;

	if (argc < 2) {
		fprintf(stderr, "usage: eventdoc_dump DB [--raw] [ID ...]\n");
		return 1;
	}
	if (argc > 2 && strcmp(argv[2], "--raw") == 0) {
		flags = EVENTDOC_RAW;
		i = 3;
	}
	if (store_open(argv[1], STORE_READONLY, &st, err, sizeof(err)) != 0 ||
	    eventdoc_open(store_db(st), &ed, err, sizeof(err)) != 0) {
		fprintf(stderr, "eventdoc_dump: %s\n", err);
		store_close(st);
		return 1;
	}
	if (i < argc) {
		for (; i < argc; i++) {
			rc = dump(ed, strtoll(argv[i], NULL, 10), flags, &sb);
			if (rc > status)
				status = rc;
		}
	} else {
		sqlite3_stmt *q;

		sqlite3_prepare_v2(store_db(st), "SELECT id FROM events ORDER BY id", -1, &q, NULL);
		while (status != 1 && sqlite3_step(q) == SQLITE_ROW)
			status = dump(ed, sqlite3_column_int64(q, 0), flags, &sb);
		sqlite3_finalize(q);
	}
	strbuf_free(&sb);
	eventdoc_close(ed);
	store_close(st);
	return status;
}
