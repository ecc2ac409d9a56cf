#!/usr/bin/env python3
"""A scripted RELP receiver on loopback, for tests/forward/relp.sh: it
misbehaves on purpose in the ways a real receiver does when it shuts down or
refuses a message, and writes the data of every syslog frame it acknowledged
with "200 OK" (one line each, in order) to OUT. What it did not acknowledge
is not written, so a client that confirms only acknowledged messages makes
every event arrive exactly once.

usage: relp_fake.py PORTFILE OUT SCRIPT
  PORTFILE  the listening port is written there once it listens
  SCRIPT    comma-separated, one step per connection (the last one repeats):
    ok            acknowledge everything, answer close, close
    close-after:N acknowledge N syslog frames, then read on without answering
                  until the client sends "close" (or 2 s pass), then send the
                  "serverclose" hint and close -- what rsyslog does when it is
                  stopped in the middle of a session
    eof-after:N   acknowledge N syslog frames, then close at once (no hint)
    nak-after:N   acknowledge N syslog frames, answer the next "500", go on
                  acknowledging the others (which the client must not
                  confirm before the refused one is sent again)
    reorder:N     answer every group of N syslog frames in reverse order (a
                  smaller group when no frame comes within 0.2 s)
    drop-syslog   answer "open" without offering the syslog command
"""
import os
import socket
import sys
import time

portfile, out_path, script = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
out = open(out_path, "ab", buffering=0)
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(8)
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.getsockname()[1]))
os.rename(portfile + ".tmp", portfile)


TIMEOUT = (0, "", b"")  # frame(): nothing within the timeout


class Conn:
    def __init__(self, sock):
        self.s = sock
        self.buf = b""

    def frame(self, timeout=None):
        """The next frame (txnr, command, data), or None at end of stream."""
        self.s.settimeout(timeout)
        while True:
            f = self.parse()
            if f is not None:
                return f
            try:
                chunk = self.s.recv(65536)
            except socket.timeout:
                return TIMEOUT
            except ConnectionError:
                return None
            if not chunk:
                return None
            self.buf += chunk

    def parse(self):
        b = self.buf
        parts = b.split(b" ", 2)
        if len(parts) < 3:
            return None
        txnr, cmd, rest = parts
        i = 0
        while i < len(rest) and rest[i:i + 1].isdigit():
            i += 1
        if i == len(rest):
            return None
        n = int(rest[:i])
        if n == 0:
            if rest[i:i + 1] != b"\n":
                raise SystemExit("framing: %r" % b[:60])
            self.buf = rest[i + 1:]
            return int(txnr), cmd.decode(), b""
        if len(rest) < i + 1 + n + 1:
            return None
        data = rest[i + 1:i + 1 + n]
        if rest[i + 1 + n:i + 2 + n] != b"\n":
            raise SystemExit("framing: bad trailer after %r" % b[:60])
        self.buf = rest[i + 2 + n:]
        return int(txnr), cmd.decode(), data

    def send(self, txnr, cmd, data=b""):
        if data:
            self.s.sendall(b"%d %s %d %s\n" % (txnr, cmd.encode(), len(data), data))
        else:
            self.s.sendall(b"%d %s 0\n" % (txnr, cmd.encode()))


def session(c, step):
    kind, _, arg = step.partition(":")
    n = int(arg) if arg else 0
    acked = 0
    held = []  # reorder: (txnr, data) not answered yet
    while True:
        f = c.frame(timeout=0.2 if held else None)
        if f is TIMEOUT:  # reorder: the client waits for the rest
            for t, d in reversed(held):
                out.write(d + b"\n")
                c.send(t, "rsp", b"200 OK")
            held = []
            continue
        if f is None:
            return
        txnr, cmd, data = f
        if cmd == "open":
            offers = b"200 OK\nrelp_version=0\nrelp_software=relp_fake"
            if kind != "drop-syslog":
                offers += b"\ncommands=syslog"
            c.send(txnr, "rsp", offers)
            continue
        if cmd == "close":
            for t, d in reversed(held):
                out.write(d + b"\n")
                c.send(t, "rsp", b"200 OK")
            held = []
            if kind == "close-after" and acked >= n:
                break
            c.send(txnr, "rsp")
            c.send(0, "serverclose")
            return
        if cmd != "syslog":
            raise SystemExit("unexpected command %r" % cmd)
        if kind in ("close-after", "eof-after") and acked >= n:
            if kind == "eof-after":
                return
            # read on without answering until the client closes or pauses
            deadline = time.time() + 2
            while time.time() < deadline:
                f = c.frame(timeout=max(0.01, deadline - time.time()))
                if f is None or f is TIMEOUT or f[1] == "close":
                    break
            break
        if kind == "nak-after" and acked == n:
            c.send(txnr, "rsp", b"500 refused for the test")
            n = -1  # refuse one frame only
            continue
        if kind == "reorder":
            held.append((txnr, data))
            if len(held) == n:
                for t, d in reversed(held):
                    out.write(d + b"\n")
                    c.send(t, "rsp", b"200 OK")
                held = []
            continue
        out.write(data + b"\n")
        c.send(txnr, "rsp", b"200 OK")
        acked += 1
    c.send(0, "serverclose")


k = 0
while True:
    sock, _ = srv.accept()
    step = script[min(k, len(script) - 1)]
    k += 1
    c = Conn(sock)
    try:
        session(c, step)
    except (BrokenPipeError, ConnectionResetError):
        pass
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
