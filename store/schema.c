/*
 * schema.c: podaudit's schema, one migration per version. A migration is
 * never edited once released: change the schema by appending one. The
 * public part (the views) is documented in docs/schema.md.
 */
#include "store/schema.h"

#include <stddef.h>

static const char *const migrations[] = {
    /* 1: events, their paths, input cursors. */
    "CREATE TABLE event (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  node TEXT NOT NULL DEFAULT '',\n"
    "  sec INTEGER NOT NULL,\n"
    "  msec INTEGER NOT NULL,\n"
    "  serial INTEGER NOT NULL,\n"
    "  type TEXT NOT NULL,\n"
    "  key TEXT,\n"
    "  syscall TEXT,\n"
    "  success INTEGER,\n"
    "  exit INTEGER,\n"
    "  auid INTEGER, uid INTEGER, euid INTEGER, gid INTEGER, ses INTEGER,\n"
    "  tty TEXT, pid INTEGER, ppid INTEGER,\n"
    "  comm TEXT, exe TEXT, cwd TEXT, argv TEXT, proctitle TEXT,\n"
    "  user TEXT,\n"
    "  raw TEXT NOT NULL\n"
    ");\n"
    "CREATE UNIQUE INDEX event_identity ON event(node, sec, msec, serial);\n"
    "CREATE TABLE path (\n"
    "  event_id INTEGER NOT NULL REFERENCES event(id),\n"
    "  item INTEGER NOT NULL,\n"
    "  name TEXT, nametype TEXT, inode INTEGER, mode INTEGER, ouid INTEGER\n"
    ");\n"
    "CREATE INDEX path_event ON path(event_id);\n"
    "CREATE TABLE source_cursor (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  path TEXT NOT NULL,\n"
    "  dev INTEGER NOT NULL,\n"
    "  ino INTEGER NOT NULL,\n"
    "  offset INTEGER NOT NULL,\n"
    "  line INTEGER NOT NULL,\n"
    "  fp_len INTEGER NOT NULL,\n"
    "  fp INTEGER NOT NULL,\n"
    "  updated INTEGER NOT NULL,\n"
    "  UNIQUE (dev, ino)\n"
    ");\n"
    "CREATE INDEX source_cursor_fp ON source_cursor(fp_len, fp);\n",

    /* 2: query indexes and the documented views. */
    "CREATE INDEX event_time ON event(sec, msec);\n"
    "CREATE INDEX event_key_time ON event(key, sec);\n"
    "CREATE INDEX event_auid_time ON event(auid, sec);\n"
    "CREATE VIEW events AS SELECT\n"
    "  id, node,\n"
    "  strftime('%Y-%m-%dT%H:%M:%S', sec, 'unixepoch') || printf('.%03dZ', msec) AS time,\n"
    "  sec AS epoch, msec, serial, type, key, syscall, success, exit,\n"
    "  auid, uid, euid, gid, ses, tty, pid, ppid, comm, exe, cwd, argv, proctitle,\n"
    "  user, raw\n"
    "FROM event;\n"
    "CREATE VIEW paths AS SELECT\n"
    "  event_id, item, name, nametype, inode, mode, ouid\n"
    "FROM path;\n"
    "CREATE VIEW users AS SELECT\n"
    "  auid, user, count(*) AS events, min(sec) AS first_epoch, max(sec) AS last_epoch\n"
    "FROM event GROUP BY auid, user;\n"
    "CREATE VIEW sources AS SELECT\n"
    "  path, dev, ino, offset, line, fp_len, updated\n"
    "FROM source_cursor;\n",
};

int
schema_count(void)
{
	return (int)(sizeof(migrations) / sizeof(migrations[0]));
}

const char *
schema_migration(int n)
{
	if (n < 1 || n > schema_count())
		return NULL;
	return migrations[n - 1];
}
