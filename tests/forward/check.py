#!/usr/bin/env python3
"""Check forwarded events against the database (the documented views).

usage: check.py DB FORMAT FILE [--prefix] [--ids-only]
  FORMAT  ecs | json | rfc5424 (lines of FILE: JSON, or an RFC 5424 line)
  --received  lines are "PRI|APP-NAME|MSG" as the tests' rsyslog writes them

Prints "ids N unique U missing M extra X duplicates D" and, with
--fields, checks the ECS fields against the views; exits 1 on a mismatch.
"""
import json
import re
import sqlite3
import sys

db, fmt, path = sys.argv[1:4]
received = "--received" in sys.argv
fields = "--fields" in sys.argv
con = sqlite3.connect(db)
con.text_factory = lambda b: b.decode("utf-8", "surrogateescape")
want = {r[0] for r in con.execute("SELECT id FROM events")}
bad = []
docs = {}
ids = []
pri_re = re.compile(r"^<(\d+)>1 (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (\S+) podaudit - - - (.*)$")
for n, line in enumerate(open(path, encoding="utf-8", errors="surrogateescape"), 1):
    line = line.rstrip("\n")
    pri = None
    if received:
        pri, app, line = line.split("|", 2)
        if app != "podaudit":
            bad.append("line %d: app-name %r" % (n, app))
        pri = int(pri)
    elif fmt == "rfc5424":
        m = pri_re.match(line)
        if not m:
            bad.append("line %d: not RFC 5424: %r" % (n, line[:80]))
            continue
        pri, line = int(m.group(1)), m.group(4)
    d = json.loads(line)
    i = d["podaudit"]["id"] if "podaudit" in d else d["id"]
    ids.append(i)
    docs[i] = (d, pri)
got = set(ids)
print("ids %d unique %d missing %d extra %d duplicates %d"
      % (len(ids), len(got), len(want - got), len(got - want), len(ids) - len(got)))

if fields:
    podman = {r[0]: r for r in con.execute(
        "SELECT id, subcommand, image, risks_json, mode FROM podman_commands")}
    ev = {r[0]: r for r in con.execute(
        "SELECT id, time, success, auid, user, uid, euid, exe, argv, pid, ppid, cwd, "
        "container_id, container_name, key FROM events")}
    for i, (d, pri) in docs.items():
        e = ev[i]
        if fmt == "json":
            if d.get("time") != e[1] or d.get("exe") != e[7]:
                bad.append("event %d: json document differs from the events view" % i)
            continue
        ok = (d["@timestamp"] == e[1]
              and d["event"]["outcome"] == {1: "success", 0: "failure", None: "unknown"}[e[2]]
              and d["event"]["category"] and d["event"]["action"]
              and d["user"].get("id") == (str(e[5]) if e[5] is not None else None)
              and d["user"].get("effective", {}).get("id") == (str(e[6]) if e[6] is not None else None)
              and d["process"].get("executable") == e[7]
              and d["process"].get("args") == (json.loads(e[8]) if e[8] else None)
              and d["process"].get("pid") == e[9]
              and d["process"].get("parent", {}).get("pid") == e[10]
              and d["process"].get("working_directory") == e[11]
              and d["host"]["name"]
              and d.get("container", {}).get("id") == e[12]
              and d.get("container", {}).get("name") == e[13]
              and set(d["tags"]) >= set((e[14] or "").split(",")) - {""})
        if e[3] is not None and e[3] != 4294967295:
            ok = ok and d["user"]["audit"] == {"id": str(e[3]), "name": e[4]}
        if i in podman:
            p = podman[i]
            ok = ok and (d["podaudit"].get("subcommand") == p[1]
                         and d["podaudit"].get("image") == p[2]
                         and d["podaudit"]["risks"] == (json.loads(p[3]) if p[3] else [])
                         and d["podaudit"]["mode"] == p[4]
                         and (d["event"]["action"] == "podman-%s" % p[1] if p[1] else True))
        if pri is not None:
            risky = i in podman and podman[i][3] not in (None, "", "[]")
            ok = ok and pri == (108 if risky else 109)
        if not ok:
            bad.append("event %d: ECS fields differ from the views: %s" % (i, json.dumps(d)[:300]))
for b in bad[:10]:
    print(b)
sys.exit(1 if bad else 0)
