-- Frozen copy of podaudit schema version 1 (store/schema.c migration 1),
-- used to test in-place upgrades. Never edit.
CREATE TABLE event (
  id INTEGER PRIMARY KEY,
  node TEXT NOT NULL DEFAULT '',
  sec INTEGER NOT NULL,
  msec INTEGER NOT NULL,
  serial INTEGER NOT NULL,
  type TEXT NOT NULL,
  key TEXT,
  syscall TEXT,
  success INTEGER,
  exit INTEGER,
  auid INTEGER, uid INTEGER, euid INTEGER, gid INTEGER, ses INTEGER,
  tty TEXT, pid INTEGER, ppid INTEGER,
  comm TEXT, exe TEXT, cwd TEXT, argv TEXT, proctitle TEXT,
  user TEXT,
  raw TEXT NOT NULL
);
CREATE UNIQUE INDEX event_identity ON event(node, sec, msec, serial);
CREATE TABLE path (
  event_id INTEGER NOT NULL REFERENCES event(id),
  item INTEGER NOT NULL,
  name TEXT, nametype TEXT, inode INTEGER, mode INTEGER, ouid INTEGER
);
CREATE INDEX path_event ON path(event_id);
CREATE TABLE source_cursor (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  dev INTEGER NOT NULL,
  ino INTEGER NOT NULL,
  offset INTEGER NOT NULL,
  line INTEGER NOT NULL,
  fp_len INTEGER NOT NULL,
  fp INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  UNIQUE (dev, ino)
);
CREATE INDEX source_cursor_fp ON source_cursor(fp_len, fp);
