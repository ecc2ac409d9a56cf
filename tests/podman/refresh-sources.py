#!/usr/bin/env python3
"""Re-point tests/podman/cases.tsv at a re-recorded tests/data/podman-cmdlines.tsv.

Usage: tests/podman/refresh-sources.py [--write]

When the captures in tests/data are recorded again, serials and pids change
and test_cmdlines_covered fails. This script matches every podman line of
podman-cmdlines.tsv to the case of the same file with the same uid, auid and
argv bytes, and rewrites that case's source serial, pid and ppid. The
expectations are never touched: a command line with no matching case is
listed, and its expected meaning must be written by hand. Without --write it
only reports.
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASES = os.path.join(ROOT, "tests", "podman", "cases.tsv")
CMDLINES = os.path.join(ROOT, "tests", "data", "podman-cmdlines.tsv")


def main():
    write = "--write" in sys.argv[1:]
    with open(CASES, encoding="utf-8") as f:
        lines = f.read().split("\n")
    cases = {}
    for i, line in enumerate(lines):
        if not line or line.startswith("#"):
            continue
        col = line.split("\t")
        src = col[0]
        if ":" not in src or src.startswith(("synthetic:", "help-walk:")):
            continue
        fname = src.rsplit(":", 1)[0]
        key = (fname, col[2], col[3], col[8])  # file, uid, auid, argv JSON
        cases.setdefault(key, []).append(i)
    used, missing, changed = set(), [], 0
    fname = None
    with open(CMDLINES, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# file: "):
                fname = line[8:]
                continue
            if not line or line.startswith("#"):
                continue
            serial, auid, uid, ppid, pid, argv = line.split("\t")
            argv = json.dumps(json.loads(argv))  # the spelling cases.tsv uses
            cands = [i for i in cases.get((fname, uid, auid, argv), []) if i not in used]
            if not cands:
                missing.append("%s:%s %s" % (fname, serial, argv[:100]))
                continue
            i = cands[0]
            used.add(i)
            col = lines[i].split("\t")
            new = "%s:%s" % (fname, serial)
            if (col[0], col[4], col[5]) != (new, pid, ppid):
                col[0], col[4], col[5] = new, pid, ppid
                lines[i] = "\t".join(col)
                changed += 1
    print("%d cases re-pointed" % changed)
    for m in missing:
        print("no case (write its expectation by hand):", m)
    if write and changed:
        with open(CASES, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
