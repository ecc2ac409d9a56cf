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
