#!/usr/bin/env python3
"""mklog.py: build a large, valid audit log from real fixtures, for bench/ingest.sh.

usage: mklog.py --mb N --out FILE FIXTURE...

The output is whole rounds of copies of the fixtures (one copy of each
fixture per round, in the order given) until it holds at least N MiB.
Every copy ("slot": round k, fixture i, numbered j = k * nfixtures + i) is
rewritten only in its record headers, msg=audit(SEC.MSEC:SERIAL):

  - SEC gets a per-slot offset so that slot j starts 60 s after slot j-1
    ends (with a single fixture: copy k is shifted by k * (span + 60 s));
  - SERIAL becomes SERIAL + j * (M + 1), M the largest serial of all the
    fixtures, so the serial ranges of two slots never overlap: the records
    of one event keep one common new serial, and distinct events stay
    distinct even when two fixtures (or two copies) held the same identity.

Everything else is copied byte for byte (the file is never decoded: ENRICHED
0x1d separators, odd bytes and lines that are not audit records are kept as
they are). MSEC keeps its digits.

The result is cached: when FILE exists and FILE.meta records the same size,
the same fixtures (name and SHA-256 of the contents, in the same order) and
the same version of this script, nothing is rewritten. Either way, prints "copies=K bytes=B cached=0|1".
"""

import argparse
import hashlib
import os
import re
import sys

HEADER = re.compile(rb"msg=audit\((\d+)\.(\d+):(\d+)\)")
GAP = 60  # seconds between the end of a copy and the start of the next


def parse(path):
    """Split a fixture into pieces: bytes to copy as is, or (sec, msec, serial)."""
    with open(path, "rb") as f:
        data = f.read()
    if data and not data.endswith(b"\n"):
        data += b"\n"  # so that copies do not glue two lines together
    pieces = []
    lo = hi = None
    max_serial = 0
    # split on b"\n" only (bytes.splitlines would also split on a lone \r)
    for line in data[:-1].split(b"\n") if data else []:
        line += b"\n"
        m = HEADER.search(line)  # the first occurrence is the header
        if m is None:
            pieces.append(line)
            continue
        sec, serial = int(m.group(1)), int(m.group(3))
        lo = sec if lo is None or sec < lo else lo
        hi = sec if hi is None or sec > hi else hi
        max_serial = max(max_serial, serial)
        pieces.append(line[: m.start()] + b"msg=audit(")
        pieces.append((sec, m.group(2), serial))
        pieces.append(b")" + line[m.end():])
    if lo is None:
        sys.exit(f"mklog.py: {path}: no audit record header found")
    return {"path": path, "pieces": pieces, "lo": lo, "hi": hi,
            "max_serial": max_serial, "size": len(data)}


def cache_key(mb, fixtures):
    h = hashlib.sha256()
    with open(__file__, "rb") as f:
        h.update(f.read())
    lines = [f"mb={mb}", f"script={h.hexdigest()}"]
    for p in fixtures:
        with open(p, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        lines.append(f"fixture={os.path.basename(p)} {digest}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, required=True, help="minimum size, MiB")
    ap.add_argument("--out", required=True)
    ap.add_argument("fixtures", nargs="+")
    a = ap.parse_args()

    key = cache_key(a.mb, a.fixtures)
    meta = a.out + ".meta"
    try:
        with open(meta) as f:
            old = f.read()
        head, _, tail = old.partition("--\n")
        if head == key and os.path.exists(a.out):
            print(tail.strip(), "cached=1")
            return
    except FileNotFoundError:
        pass

    fx = [parse(p) for p in a.fixtures]
    stride = max(f["max_serial"] for f in fx) + 1
    round_bytes = sum(f["size"] for f in fx)
    target = a.mb << 20
    rounds = max(1, -(-target // round_bytes))

    tmp = a.out + ".tmp"
    total = 0
    with open(tmp, "wb", buffering=8 << 20) as out:
        j = 0
        end = None  # last second of the previous slot, shifted
        for _ in range(rounds):
            for f in fx:
                shift = 0 if end is None else end + GAP - f["lo"]
                sadd = j * stride
                buf = []
                for p in f["pieces"]:
                    if type(p) is bytes:
                        buf.append(p)
                    else:
                        sec, msec, serial = p
                        buf.append(b"%d.%s:%d" % (sec + shift, msec, serial + sadd))
                chunk = b"".join(buf)
                out.write(chunk)
                total += len(chunk)
                end = f["hi"] + shift
                j += 1
    os.replace(tmp, a.out)
    info = f"copies={rounds} bytes={total}"
    with open(meta, "w") as f:
        f.write(key + "--\n" + info + "\n")
    print(info, "cached=0")


if __name__ == "__main__":
    main()
