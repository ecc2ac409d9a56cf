/*
 * eventdoc.h: one stored event as podaudit's own JSON document -- the line
 * `podaudit search --format jsonl` prints and `podaudit forward --format json`
 * sends.
 *
 * Document (one JSON object, no newline; keys whose value is unknown/NULL are
 * left out; strings are the logged bytes, invalid UTF-8 as \udcXX):
 *
 *   {"id": 12, "node": "", "time": "2026-11-22T12:01:52.474Z",
 *    "epoch": 1795350112, "msec": 474, "serial": 2212, "type": "SYSCALL",
 *    "keys": ["podman_exec"], "syscall": "execve", "success": true,
 *    "exit": 0, "auid": 1001, "user": "alice", "uid": 0, "euid": 0, "gid": 0,
 *    "ses": 3, "tty": "pts0", "pid": 4242, "ppid": 4241, "comm": "podman",
 *    "exe": "/usr/bin/podman", "cwd": "/root", "argv": ["podman", "run", ...],
 *    "proctitle": "podman run ...",
 *    "container": {"id": "...", "name": "web"},
 *    "cause_id": 10,
 *    "podman": {"mode": "sudo", "subcommand": "run", "object": "container",
 *               "container": "web", "image": "localhost/bb:1", "pod": "...",
 *               "volume": "...", "risks": ["privileged"], "internal": false,
 *               "internal_reason": "..."},
 *    "runtime": {"runtime": "runc", "action": "create"},
 *    "paths": [{"item": 0, "name": "/var/lib/containers/...",
 *               "nametype": "CREATE", "inode": 123, "mode": 16877,
 *               "ouid": 0}],
 *    "raw": "type=SYSCALL msg=audit(...): ...\ntype=EXECVE ...\n"}
 *
 * "raw" is included only with EVENTDOC_RAW.
 */
#ifndef PODAUDIT_QUERY_EVENTDOC_H
#define PODAUDIT_QUERY_EVENTDOC_H
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

struct sqlite3;
struct eventdoc;

enum { EVENTDOC_RAW = 1 };

/*
 * Prepare the statements that read events from db (a podaudit database of
 * the current schema, opened by the caller, who keeps it open until
 * eventdoc_close). Returns 0 and a handle in *out, or -1 with a message in err.
 */
int eventdoc_open(struct sqlite3 *db, struct eventdoc **out, char *err, size_t errlen);

/* Release the handle (NULL is fine). */
void eventdoc_close(struct eventdoc *ed);

/*
 * Append the document of event id to sb. flags: EVENTDOC_RAW to include the
 * raw records. Returns 0, 1 when there is no such event (sb unchanged), or -1
 * with a message in err (SQLite error).
 */
int eventdoc_json(struct eventdoc *ed, int64_t id, int flags, struct strbuf *sb, char *err,
		  size_t errlen);

#endif
