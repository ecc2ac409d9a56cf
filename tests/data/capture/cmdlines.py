#!/usr/bin/env python3
"""Extract the argv of every podman execution from raw auditd logs.

    cmdlines.py LOG...                 table on stdout (tests/data/podman-cmdlines.tsv)
    cmdlines.py --check EXPECT LOG     exit 1 if LOG holds podman executions that the
                                       scenario did not start (another process used
                                       podman during the capture)

An execution is an event whose SYSCALL record has key="podman_exec" and is an
execve/execveat. Its EXECVE record(s) are decoded here from the raw log, without
ausearch: quoted values are taken as is, bare values are hex, and split arguments
(aN_len=, aN[0]=, aN[1]= ...) are joined back together.

EXPECT holds one line per podman invocation the scenario made: the hex of the
NUL-terminated arguments, argv[0] included.
"""
import json
import re
import sys

REC = re.compile(r'^type=(\w+) msg=audit\((\d+\.\d+):(\d+)\): (.*)$')
FIELD = re.compile(r'(\S+?)=("[^"]*"|\S*)')


def events(path):
    """Yield (serial, {rtype: [body, ...]}) in order of first appearance."""
    order = []
    evs = {}
    with open(path, 'rb') as f:
        for raw in f:
            line = raw.decode('utf-8', 'surrogateescape').rstrip('\n')
            m = REC.match(line)
            if not m:
                continue
            rtype, ts, serial, body = m.groups()
            key = (ts, serial)
            if key not in evs:
                evs[key] = {}
                order.append(key)
            evs[key].setdefault(rtype, []).append(body)
    for key in order:
        yield int(key[1]), evs[key]


def fields(body):
    # ENRICHED records append the interpreted fields after a 0x1d separator.
    body = body.split('\x1d', 1)[0]
    return dict((k, v) for k, v in FIELD.findall(body))


def decode(value):
    if value.startswith('"') and value.endswith('"'):
        return value[1:-1].encode('utf-8', 'surrogateescape')
    if value == '(null)':
        return b''
    return bytes.fromhex(value)


def execve_argv(bodies):
    f = {}
    for body in bodies:
        f.update(fields(body))
    argc = int(f['argc'])
    argv = []
    for i in range(argc):
        k = 'a%d' % i
        if k in f:
            argv.append(decode(f[k]))
            continue
        parts = []
        j = 0
        while '%s[%d]' % (k, j) in f:
            parts.append(decode(f['%s[%d]' % (k, j)]))
            j += 1
        arg = b''.join(parts)
        want = int(f.get(k + '_len', len(arg)))
        # a%d_len counts the hex digits when the argument is hex encoded
        if want not in (len(arg), 2 * len(arg)):
            raise ValueError('argument %d: %d bytes, %s_len=%d' % (i, len(arg), k, want))
        argv.append(arg)
    return argv


def podman_execs(path):
    for serial, recs in events(path):
        sc = None
        for body in recs.get('SYSCALL', []):
            f = fields(body)
            if f.get('key') == '"podman_exec"' and f.get('syscall') in ('59', '322'):
                sc = f
        if sc is None or 'EXECVE' not in recs:
            continue
        yield serial, sc, execve_argv(recs['EXECVE'])


def table(paths):
    out = sys.stdout
    out.write('# podman executions (key podman_exec) in the captures, in log order.\n')
    out.write('# serial\tauid\tuid\tppid\tpid\targv (JSON array)\n')
    out.write('# auid 4294967295 = unset. argv bytes that are not valid UTF-8 are written '
              'as the lone surrogates of Python\'s surrogateescape: \\udcXX is the raw '
              'byte 0xXX (e.g. \\udcff = 0xff).\n')
    for path in paths:
        out.write('# file: %s\n' % path.rsplit('/', 1)[-1])
        for serial, sc, argv in podman_execs(path):
            js = json.dumps([a.decode('utf-8', 'surrogateescape') for a in argv],
                            ensure_ascii=True)
            out.write('%d\t%s\t%s\t%s\t%s\t%s\n' % (
                serial, sc['auid'], sc['uid'], sc['ppid'], sc['pid'], js))


def internal(argv):
    # podman starts itself: conmon's exit command (container cleanup).
    return b'cleanup' in argv and b'container' in argv


def check(expect_path, log_path):
    with open(expect_path) as f:
        expected = set(bytes.fromhex(l.strip()) for l in f if l.strip())
    foreign = 0
    seen = set()
    for serial, sc, argv in podman_execs(log_path):
        key = b''.join(a + b'\0' for a in argv)
        if key in expected:
            seen.add(key)
        elif not internal(argv):
            foreign += 1
            sys.stderr.write('foreign podman execution %d (pid %s ppid %s auid %s): %r\n'
                             % (serial, sc['pid'], sc['ppid'], sc['auid'], argv[:8]))
    for key in expected - seen:
        sys.stderr.write('note: never reached podman: %r\n' % key.split(b'\0')[:10])
    return 1 if foreign else 0


def main(args):
    if args[:1] == ['--check']:
        return check(args[1], args[2])
    table(args)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
