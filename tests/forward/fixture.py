#!/usr/bin/env python3
"""Write a copy of the first podman execution of an audit log whose last
argument is replaced by a big one (hex-encoded, split into aN[k] pieces like
the kernel does) holding newlines, quotes, a tab, an ESC and an invalid UTF-8
byte; serial and time moved so that it is a new event. Prints the argument's
bytes, hex-encoded, on stdout (to compare with what arrives).

usage: fixture.py LOG SIZE OUT
"""
import re
import sys

log, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lines = open(log, "rb").read().split(b"\n")
ident = None
for l in lines:
    if l.startswith(b"type=EXECVE") and b'a0="podman"' in l:
        ident = re.search(rb"msg=audit\(([0-9.]+):([0-9]+)\)", l)
        break
stamp, serial = ident.group(1), ident.group(2)
new = b"msg=audit(%s:%d)" % (stamp, int(serial) + 900000000)
unit = b'line one\nline "two"\twith\x1b[31m escape \xff and <script>\n'
arg = (unit * (size // len(unit) + 1))[:size]
hexarg = arg.hex().upper().encode()
with open(out, "wb") as f:
    for l in lines:
        if b"msg=audit(%s:%s)" % (stamp, serial) not in l:
            continue
        l = l.replace(b"msg=audit(%s:%s)" % (stamp, serial), new)
        if l.startswith(b"type=EXECVE"):
            m = re.search(rb" a(\d+)=\S+$", l.split(b"\x1d")[0])
            n = int(m.group(1))
            pieces = [hexarg[i:i + 7000] for i in range(0, len(hexarg), 7000)]
            l = l[:m.start()] + b" a%d_len=%d" % (n, len(arg)) + b"".join(
                b" a%d[%d]=%s" % (n, k, p) for k, p in enumerate(pieces))
        f.write(l + b"\n")
print(arg.hex())
