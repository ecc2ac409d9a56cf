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

    /* 3: the meaning of podman, conmon and runtime command lines. */
    "ALTER TABLE event ADD COLUMN container_id TEXT;\n"
    "ALTER TABLE event ADD COLUMN container_name TEXT;\n"
    "ALTER TABLE event ADD COLUMN cause_id INTEGER;\n"
    "CREATE INDEX event_cause ON event(cause_id);\n"
    "CREATE INDEX event_container ON event(container_id);\n"
    "CREATE TABLE podman_cmd (\n"
    "  event_id INTEGER PRIMARY KEY,\n"
    "  mode TEXT NOT NULL,\n"
    "  subcommand TEXT, object TEXT,\n"
    "  container TEXT, image TEXT, pod TEXT, volume TEXT,\n"
    "  risks TEXT, risks_json TEXT,\n"
    "  internal INTEGER NOT NULL,\n"
    "  internal_reason TEXT\n"
    ");\n"
    "CREATE TABLE runtime_cmd (\n"
    "  event_id INTEGER PRIMARY KEY,\n"
    "  runtime TEXT, action TEXT\n"
    ");\n"
    "DROP VIEW events;\n"
    "CREATE VIEW events AS SELECT\n"
    "  id, node,\n"
    "  strftime('%Y-%m-%dT%H:%M:%S', sec, 'unixepoch') || printf('.%03dZ', msec) AS time,\n"
    "  sec AS epoch, msec, serial, type, key, syscall, success, exit,\n"
    "  auid, uid, euid, gid, ses, tty, pid, ppid, comm, exe, cwd, argv, proctitle,\n"
    "  user, raw, container_id, container_name, cause_id\n"
    "FROM event;\n"
    "CREATE VIEW podman_commands AS SELECT\n"
    "  e.id, strftime('%Y-%m-%dT%H:%M:%S', e.sec, 'unixepoch') || printf('.%03dZ', e.msec)\n"
    "  AS time, e.sec AS epoch, e.serial, e.node, e.auid, e.user, e.uid, p.mode, p.subcommand,\n"
    "  p.object, p.container, p.image, p.pod, p.volume, p.risks, p.risks_json,\n"
    "  p.internal, p.internal_reason, e.success, e.exit, e.argv, e.ses, e.pid, e.ppid,\n"
    "  e.cause_id, e.container_id\n"
    "FROM event e JOIN podman_cmd p ON p.event_id = e.id;\n"
    "CREATE VIEW runtime_commands AS SELECT\n"
    "  e.id, strftime('%Y-%m-%dT%H:%M:%S', e.sec, 'unixepoch') || printf('.%03dZ', e.msec)\n"
    "  AS time, e.node, e.auid, e.user, r.runtime, r.action, e.container_id,\n"
    "  e.container_name, e.cause_id, e.argv\n"
    "FROM event e JOIN runtime_cmd r ON r.event_id = e.id;\n",

    /* 4: forwarding targets and their cursors; lookups by container name. */
    "CREATE TABLE forward_target (\n"
    "  name TEXT PRIMARY KEY,\n"
    "  url TEXT NOT NULL,\n"
    "  format TEXT NOT NULL,\n"
    "  last_id INTEGER NOT NULL DEFAULT 0,\n"
    "  sent INTEGER NOT NULL DEFAULT 0,\n"
    "  updated INTEGER\n"
    ");\n"
    "CREATE VIEW forward_targets AS SELECT\n"
    "  name, url, format, last_id, sent, updated\n"
    "FROM forward_target;\n"
    "CREATE INDEX event_container_name ON event(container_name);\n"
    "CREATE INDEX podman_cmd_container ON podman_cmd(container);\n"
    "CREATE INDEX podman_cmd_image ON podman_cmd(image);\n",

    /* 5: report rollups (store/rollup.h): counts per 15-minute UTC bucket (and
     * events per minute, for the edges of a window), the risky podman commands,
     * up to a watermark, with triggers marking the buckets of rolled-up events
     * changed later; filled here from the events already stored. */
    "CREATE TABLE rollup_state (\n"
    "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  last_id INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE rollup_dirty (bucket INTEGER PRIMARY KEY);\n"
    "CREATE TABLE rollup_event (\n"
    "  bucket INTEGER NOT NULL, node TEXT NOT NULL, key TEXT NOT NULL,\n"
    "  auid INTEGER NOT NULL, user TEXT NOT NULL, exe TEXT NOT NULL,\n"
    "  failed INTEGER NOT NULL, n INTEGER NOT NULL,\n"
    "  PRIMARY KEY (bucket, node, key, auid, user, exe, failed)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE rollup_event_min (\n"
    "  bucket INTEGER NOT NULL, node TEXT NOT NULL, key TEXT NOT NULL,\n"
    "  auid INTEGER NOT NULL, user TEXT NOT NULL, exe TEXT NOT NULL,\n"
    "  failed INTEGER NOT NULL, n INTEGER NOT NULL,\n"
    "  PRIMARY KEY (bucket, node, key, auid, user, exe, failed)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE rollup_podman (\n"
    "  bucket INTEGER NOT NULL, node TEXT NOT NULL, auid INTEGER NOT NULL,\n"
    "  user TEXT NOT NULL, mode TEXT NOT NULL, object TEXT NOT NULL,\n"
    "  subcommand TEXT NOT NULL, internal INTEGER NOT NULL, risky INTEGER NOT NULL,\n"
    "  n INTEGER NOT NULL,\n"
    "  PRIMARY KEY (bucket, node, auid, user, mode, object, subcommand, internal, risky)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE rollup_target (\n"
    "  bucket INTEGER NOT NULL, node TEXT NOT NULL, kind TEXT NOT NULL,\n"
    "  name TEXT NOT NULL, n INTEGER NOT NULL,\n"
    "  PRIMARY KEY (bucket, node, kind, name)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE rollup_risky (\n"
    "  event_id INTEGER PRIMARY KEY, bucket INTEGER NOT NULL, ms INTEGER NOT NULL,\n"
    "  node TEXT NOT NULL, auid INTEGER, user TEXT, mode TEXT, object TEXT, subcommand TEXT,\n"
    "  container TEXT, image TEXT, pod TEXT, volume TEXT, risks_json TEXT, argv TEXT\n"
    ");\n"
    "CREATE INDEX rollup_risky_ms ON rollup_risky(ms);\n"
    "CREATE INDEX podman_cmd_risky ON podman_cmd(event_id) WHERE risks IS NOT NULL;\n"
    "INSERT INTO rollup_risky SELECT p.event_id, e.sec / 900, e.sec * 1000 + e.msec, e.node,\n"
    "  e.auid, e.user, p.mode, p.object, p.subcommand, p.container, p.image, p.pod, p.volume,\n"
    "  p.risks_json, e.argv\n"
    "FROM podman_cmd p JOIN event e ON e.id = p.event_id\n"
    "WHERE p.risks IS NOT NULL AND p.internal = 0;\n"
    "INSERT INTO rollup_state(id, last_id) SELECT 1, coalesce(max(id), 0) FROM event;\n"
    "INSERT INTO rollup_event SELECT sec / 900, node, coalesce(key, ''), coalesce(auid, -1),\n"
    "  coalesce(user, ''), coalesce(exe, ''), coalesce(success, 1) = 0, count(*)\n"
    "FROM event GROUP BY 1, 2, 3, 4, 5, 6, 7;\n"
    "INSERT INTO rollup_event_min SELECT sec / 60, node, coalesce(key, ''),\n"
    "  coalesce(auid, -1), coalesce(user, ''), coalesce(exe, ''), coalesce(success, 1) = 0,\n"
    "  count(*)\n"
    "FROM event GROUP BY 1, 2, 3, 4, 5, 6, 7;\n"
    "INSERT INTO rollup_podman SELECT e.sec / 900, e.node, coalesce(e.auid, -1),\n"
    "  coalesce(e.user, ''), p.mode, coalesce(p.object, ''), coalesce(p.subcommand, ''),\n"
    "  p.internal != 0, p.risks IS NOT NULL, count(*)\n"
    "FROM podman_cmd p JOIN event e ON e.id = p.event_id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;\n"
    "INSERT INTO rollup_target SELECT e.sec / 900, e.node, 'container', p.container, count(*)\n"
    "FROM podman_cmd p JOIN event e ON e.id = p.event_id\n"
    "WHERE p.internal = 0 AND p.container IS NOT NULL GROUP BY 1, 2, 4;\n"
    "INSERT INTO rollup_target SELECT e.sec / 900, e.node, 'image', p.image, count(*)\n"
    "FROM podman_cmd p JOIN event e ON e.id = p.event_id\n"
    "WHERE p.internal = 0 AND p.image IS NOT NULL GROUP BY 1, 2, 4;\n"
    "CREATE TRIGGER rollup_event_update\n"
    "AFTER UPDATE OF node, sec, key, success, auid, user, exe ON event\n"
    "WHEN old.id <= (SELECT last_id FROM rollup_state) BEGIN\n"
    "  INSERT OR IGNORE INTO rollup_dirty(bucket) VALUES (old.sec / 900), (new.sec / 900);\n"
    "END;\n"
    "CREATE TRIGGER rollup_event_delete AFTER DELETE ON event\n"
    "WHEN old.id <= (SELECT last_id FROM rollup_state) BEGIN\n"
    "  INSERT OR IGNORE INTO rollup_dirty(bucket) VALUES (old.sec / 900);\n"
    "END;\n"
    "CREATE TRIGGER rollup_podman_insert AFTER INSERT ON podman_cmd\n"
    "WHEN new.event_id <= (SELECT last_id FROM rollup_state) BEGIN\n"
    "  INSERT OR IGNORE INTO rollup_dirty(bucket)\n"
    "    SELECT sec / 900 FROM event WHERE id = new.event_id;\n"
    "END;\n"
    "CREATE TRIGGER rollup_podman_update AFTER UPDATE ON podman_cmd\n"
    "WHEN old.event_id <= (SELECT last_id FROM rollup_state)\n"
    "  OR new.event_id <= (SELECT last_id FROM rollup_state) BEGIN\n"
    "  INSERT OR IGNORE INTO rollup_dirty(bucket)\n"
    "    SELECT sec / 900 FROM event WHERE id IN (old.event_id, new.event_id);\n"
    "END;\n"
    "CREATE TRIGGER rollup_podman_delete AFTER DELETE ON podman_cmd\n"
    "WHEN old.event_id <= (SELECT last_id FROM rollup_state) BEGIN\n"
    "  INSERT OR IGNORE INTO rollup_dirty(bucket)\n"
    "    SELECT sec / 900 FROM event WHERE id = old.event_id;\n"
    "END;\n",

    /* 6: searches by login name and by session (podaudit search --user NAME, --session). */
    "CREATE INDEX event_user_time ON event(user, sec);\n"
    "CREATE INDEX event_ses_time ON event(ses, sec);\n",

    /*
     * 7: container IDs and names are NULL on most events (file watches,
     * logins): index only the events that have one. Every lookup compares
     * them (=, IN, ranges), which implies IS NOT NULL, so SQLite still uses
     * these indexes; ingest no longer inserts two index entries per event.
     */
    "DROP INDEX event_container;\n"
    "DROP INDEX event_container_name;\n"
    "CREATE INDEX event_container ON event(container_id) WHERE container_id IS NOT NULL;\n"
    "CREATE INDEX event_container_name ON event(container_name)\n"
    "  WHERE container_name IS NOT NULL;\n",
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
