#!/usr/bin/env python3
"""Build the report model fixture (model.json) from a real capture.

Run by hand, not by the tests: the fixture is checked in.

    ./build/cli/podaudit ingest --db /tmp/m.db tests/data/podman-session.log \
        tests/data/podman-flags.log
    tests/report/html/make-model.py /tmp/m.db > tests/report/html/model.json

Every number and string comes from the database's views (docs/schema.md),
aggregated the way report/render.h describes the model, over the week
(Monday 2026-11-16 to Monday 2026-11-23) in Europe/Paris; then hostile strings are planted on top (a user, a
risky command, a container, an image, a command, an executable and a node
whose names are HTML/SVG/script injection attempts, terminal escapes and
bytes that are not UTF-8).

A byte that is not valid UTF-8 cannot be written in a JSON file that jansson
reads, so the fixture writes it as the 6-character text \\udcXX (Python's
surrogateescape code for byte XX, as docs/schema.md encodes argv); the test
driver (render_html.c) turns that text back into the byte before rendering.
"""
import json
import re
import sqlite3
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/Paris")
SINCE = datetime(2026, 11, 16, tzinfo=ZONE)
UNTIL = datetime(2026, 11, 23, tzinfo=ZONE)
UNSET = 4294967295


def fmt(dt):
    """when_format(): ISO 8601, milliseconds, offset."""
    dt = dt.astimezone(ZONE)
    off = dt.strftime("%z")
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d" % (dt.microsecond // 1000) + off[:3] + ":" + off[3:]


def ms(dt):
    return int(dt.timestamp() * 1000)


def marked(s):
    """Lone surrogates (bytes that were not UTF-8) as the text \\udcXX."""
    return "".join("\\u%04x" % ord(c) if 0xDC80 <= ord(c) <= 0xDCFF else c for c in s)


def ranked(pairs, name):
    rows = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0].encode("utf-8", "surrogateescape")))
    return [{name: k, "count": v} for k, v in rows]


def main():
    db = sqlite3.connect(sys.argv[1])
    db.text_factory = lambda b: b.decode("utf-8", "surrogateescape")
    lo, hi = ms(SINCE) // 1000, ms(UNTIL) // 1000
    ev = db.execute("SELECT node, epoch, msec, key, success, auid, user, exe FROM events "
                    "WHERE epoch >= ? AND epoch < ? ORDER BY epoch, msec", (lo, hi)).fetchall()
    pc = db.execute("SELECT id, epoch, node, auid, user, mode, subcommand, container, image, pod, volume, "
                    "risks_json, argv FROM podman_commands WHERE internal = 0 AND epoch >= ? AND epoch < ? "
                    "ORDER BY epoch, id", (lo, hi)).fetchall()
    pct = {}
    for row in db.execute("SELECT id, msec FROM events"):
        pct[row[0]] = row[1]

    by_key, by_exe, nodes, users = {}, {}, {}, {}
    by_hour = [0] * 24
    days = []
    d = SINCE
    while d < UNTIL:
        days.append({"day": d.strftime("%Y-%m-%d"), "hours": [0] * 24})
        d = (d + timedelta(days=1, hours=3)).replace(hour=0)
    failures = 0
    for node, epoch, msec, key, success, auid, user, exe in ev:
        t = datetime.fromtimestamp(epoch, ZONE)
        by_hour[t.hour] += 1
        days[(t.date() - SINCE.date()).days]["hours"][t.hour] += 1
        for k in (key or "").split(","):
            if k:
                by_key[k] = by_key.get(k, 0) + 1
        if exe is not None:
            by_exe[exe] = by_exe.get(exe, 0) + 1
        failures += success == 0
        n = nodes.setdefault(node, {"node": node, "events": 0, "podman_commands": 0})
        n["events"] += 1
        u = users.setdefault(auid, {"auid": auid, "user": user, "commands": 0, "events": 0,
                                    "sudo": 0, "rootless": 0, "no_session": 0})
        u["events"] += 1

    by_cmd, conts, imgs, risky = {}, {}, {}, []
    for (pid, epoch, node, auid, user, mode, sub, cont, image, pod, vol, risks, argv) in pc:
        nodes[node]["podman_commands"] += 1
        u = users[auid]
        u["commands"] += 1
        if mode == "sudo":
            u["sudo"] += 1
        elif mode == "rootless":
            u["rootless"] += 1
        elif mode == "root-no-session":
            u["no_session"] += 1
        by_cmd[sub] = by_cmd.get(sub, 0) + 1
        if cont is not None:
            conts[cont] = conts.get(cont, 0) + 1
        if image is not None:
            imgs[image] = imgs.get(image, 0) + 1
        if risks is not None and risks != "[]":
            t = datetime.fromtimestamp(epoch, ZONE) + timedelta(milliseconds=pct.get(pid, 0))
            target = next((x for x in (cont, image, pod, vol) if x is not None), "")
            risky.append({"id": pid, "time": fmt(t), "node": node, "auid": auid, "user": user,
                          "command": sub, "target": target, "risks": json.loads(risks),
                          "argv": json.loads(argv)})

    # Planted on top of the capture: what a hostile user could make podman log.
    pwn_title = "<script>document.title='PWNED'</script>"
    pwn_elem = "<script>document.body.insertAdjacentHTML('beforeend','<p id=pwned>PWNED</p>')</script>"
    img_attr = "\"><img src=x onerror=\"document.title='PWNED'\">"
    svg_break = "</svg><script>document.title='PWNED'</script>"
    js_url = "javascript:document.title='PWNED'"
    evil = 4242
    users[evil] = {"auid": evil, "user": pwn_title, "commands": 1, "events": 1,
                   "sudo": 1, "rootless": 0, "no_session": 0}
    nodes["<b>node</b>\u001b[2J"] = {"node": "<b>node</b>\u001b[2J", "events": 1, "podman_commands": 1}
    t = UNTIL - timedelta(milliseconds=1)  # the last instant of [since, until)
    by_hour[23] += 1
    days[-1]["hours"][23] += 1
    by_key["podman_exec"] += 1
    by_cmd[svg_break] = 1
    by_exe["/usr/bin/podman\n" + img_attr] = 1
    conts[img_attr] = 1
    imgs[svg_break] = 1
    long_arg = next(a for r in pc for a in json.loads(r[12]) if len(a) > 1000)
    risky.append({"id": 999999, "time": fmt(t), "node": "<b>node</b>\u001b[2J", "auid": evil,
                  "user": pwn_title, "command": svg_break, "target": img_attr,
                  "risks": ["privileged", "host_mount:/tmp/" + svg_break, "cap_add:" + pwn_elem],
                  "argv": ["podman", "run", "--privileged", "--name", img_attr, "-v",
                           "/tmp/" + svg_break + ":/x", "--label", "url=" + js_url,
                           "--label", "<a href=\"" + js_url + "\">click</a>", "localhost/bb:1",
                           "echo", pwn_elem, "\u001b[31mred\u001b[0m\u0007", "\udcff\udcfe",
                           "caf\udce9", "line1\nline2\ttab\r", "bidi \u202eexe.txt", long_arg]})

    by_user = sorted(users.values(), key=lambda u: (-u["commands"], u["user"].encode("utf-8", "surrogateescape")))
    model = {
        "period": {"since": fmt(SINCE), "until": fmt(UNTIL), "since_epoch_ms": ms(SINCE),
                   "until_epoch_ms": ms(UNTIL), "timezone": "Europe/Paris", "half_open": True},
        "generated": "2026-11-23T09:00:00.000+01:00",
        "databases": ["/var/lib/podaudit/podaudit.db"],
        "nodes": sorted(nodes.values(), key=lambda n: (-n["events"], n["node"])),
        "total_events": len(ev) + 1,
        "podman_commands": len(pc) + 1,
        "failures": failures,
        "by_key": dict(sorted(by_key.items(), key=lambda kv: (-kv[1], kv[0]))),
        "by_user": by_user,
        "by_command": ranked(by_cmd, "command"),
        "by_exe": ranked(by_exe, "exe"),
        "by_hour": by_hour,
        "by_day_hour": days,
        "risky": risky,
        "top_containers": ranked(conts, "container"),
        "top_images": ranked(imgs, "image"),
    }
    text = json.dumps(model, indent=1, ensure_ascii=False)
    text = re.sub(r"\[\s*([0-9][0-9,\s]*?)\s*\]", lambda m: "[" + re.sub(r"\s+", " ", m.group(1)) + "]", text)
    # Lone surrogates to \udcXX text (json.dumps would write them raw).
    sys.stdout.write(marked(text).replace("\\udc", "\\\\udc") + "\n")


if __name__ == "__main__":
    main()
