#!/bin/bash
# podaudit test fixture capture: produces real auditd logs of podman/runc/conmon.
#
# Run as root on a Debian 12 machine where auditd really runs (log_format = ENRICHED
# in /etc/audit/auditd.conf) and podman works:
#   apt-get install -y auditd podman runc busybox-static uidmap sudo
#   tests/data/capture/scenario.sh            # = setup empty rules session flags meta
#   tests/data/capture/scenario.sh setup      # users, sudoers, subuids, images, auth files
#   tests/data/capture/scenario.sh empty      # auditctl -D -> auditctl-l-empty.txt
#   tests/data/capture/scenario.sh rules      # load the audit rules
#   tests/data/capture/scenario.sh session    # -> tests/data/podman-session.log
#   tests/data/capture/scenario.sh flags      # -> tests/data/podman-flags.log
#   tests/data/capture/scenario.sh meta       # auditctl-l/-s.txt, podman-cmdlines.tsv
# OUT=dir puts the results elsewhere. Steps run in the order given.
#
# Never touches the network beyond loopback: images are imported from a tarball
# built from /bin/busybox, and the "pulls" target localhost:1 (a closed port).
#
# Each .log is a contiguous, unedited piece of the audit log: auditd is told to
# rotate before and after the scenario, and the file in between is copied whole
# (see capture_begin/capture_end). If another process runs podman meanwhile, the
# capture is made again.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$(cd "$HERE/.." && pwd)}
AUDIT_LOG=/var/log/audit/audit.log
IMG=localhost/bb:1
RUNC=$(readlink -f "$(command -v runc)")
CONMON=$(readlink -f "$(command -v conmon)")
PODMAN=$(readlink -f "$(command -v podman)")
CRUN=""
if command -v crun >/dev/null 2>&1; then CRUN=$(readlink -f "$(command -v crun)"); fi
UL=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

log() { local m="$*"; [ ${#m} -le 300 ] || m="${m:0:300}..."; printf '== %s\n' "$m" >&2; }
die() { printf 'scenario.sh: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root"

# ---------------------------------------------------------------- setup
ensure_user() { # name uid
    local name=$1 uid=$2
    if ! id "$name" >/dev/null 2>&1; then
        useradd -m -u "$uid" -s /bin/bash "$name"
    fi
}

build_image_tar() { # dest.tar
    local d
    d=$(mktemp -d)
    mkdir -p "$d/bin" "$d/tmp" "$d/etc" "$d/proc" "$d/sys" "$d/dev"
    cp /bin/busybox "$d/bin/busybox"
    local a
    for a in sh ls echo cat sleep id true false env ps hostname uname printf; do
        ln -s busybox "$d/bin/$a"
    done
    tar -C "$d" -cf "$1" .
    rm -rf "$d"
}

do_setup() {
    log "setup: users"
    ensure_user alice 1001
    ensure_user bob 1002
    ensure_user carol 1003
    printf 'alice ALL=(ALL) NOPASSWD: ALL\nbob ALL=(ALL) NOPASSWD: ALL\n' >/etc/sudoers.d/podaudit-fixtures
    chmod 0440 /etc/sudoers.d/podaudit-fixtures
    grep -q '^carol:' /etc/subuid || echo 'carol:200000:65536' >>/etc/subuid
    grep -q '^carol:' /etc/subgid || echo 'carol:200000:65536' >>/etc/subgid
    install -d -o carol -g carol -m 0700 /run/user/1003
    su carol -s /bin/bash -c 'mkdir -p ~/.local/share/containers ~/.config/containers'

    log "setup: files the watches and the socket mounts need"
    install -d -m 0700 /run/containers/0 /root/.config/containers
    [ -e /run/containers/0/auth.json ] || echo '{"auths":{}}' >/run/containers/0/auth.json
    [ -e /root/.config/containers/auth.json ] || echo '{"auths":{}}' >/root/.config/containers/auth.json
    install -d /run/podman /srv /opt
    # Plain files standing in for the sockets: podman only needs the path to exist.
    [ -e /run/podman/podman.sock ] || : >/run/podman/podman.sock
    [ -e /var/run/docker.sock ] || : >/var/run/docker.sock

    log "setup: images"
    local tar=/tmp/podaudit-bb.tar
    build_image_tar "$tar"
    chmod 0644 "$tar"
    podman image exists "$IMG" || podman import "$tar" "$IMG" >/dev/null
    carol_sh "podman image exists $IMG || podman import $tar $IMG >/dev/null"
    rm -f "$tar"
}

# ---------------------------------------------------------------- rules
do_rules() {
    log "rules: loading"
    auditctl -D >/dev/null
    auditctl -b 8192 >/dev/null
    auditctl -w "$PODMAN" -p x -k podman_exec
    auditctl -w "$RUNC" -p x -k container_runtime
    [ -n "$CRUN" ] && auditctl -w "$CRUN" -p x -k container_runtime
    auditctl -w "$CONMON" -p x -k container_monitor
    auditctl -w /var/lib/containers -p wa -k container_storage
    auditctl -w /home/carol/.local/share/containers -p wa -k user_container_storage
    auditctl -w /run/containers/0/auth.json -p wa -k registry_auth
    auditctl -w /root/.config/containers/auth.json -p wa -k registry_auth
    auditctl -l
}

# ---------------------------------------------------------------- helpers
q() { printf '%q ' "$@"; }

# as_login UID USER CMDSTRING: a login session of USER (auid=UID) running CMDSTRING
as_login() {
    local uid=$1 user=$2 cmd=$3
    ( echo "$uid" >/proc/self/loginuid && exec su "$user" -s /bin/bash -c "$cmd" ) || true
}
# sudo_podman USER ARGS...: USER (logged in) runs `sudo podman ARGS...`
sudo_podman() {
    local user=$1; shift
    local uid; uid=$(id -u "$user")
    log "$user: sudo podman $*"
    expect podman "$@"
    as_login "$uid" "$user" "cd /tmp && sudo podman $(q "$@")" </dev/null
}
# carol_sh CMDSTRING: carol (logged in, auid=1003) runs CMDSTRING rootless
carol_sh() {
    as_login 1003 carol "export XDG_RUNTIME_DIR=/run/user/1003; cd ~ && $1" </dev/null
}
carol_podman() {
    log "carol: podman $*"
    expect podman "$@"
    carol_sh "podman $(q "$@")"
}
# root_podman ARGS...: root without a login session (auid unset). Writing the
# loginuid is skipped when it is already unset, to avoid a needless LOGIN record.
root_noses() {
    if [ "$(cat /proc/self/loginuid)" != 4294967295 ]; then
        echo 4294967295 >/proc/self/loginuid || die "cannot unset loginuid"
    fi
    exec "$@"
}
root_podman() {
    log "root(no session): podman $*"
    expect podman "$@"
    ( root_noses podman "$@" ) </dev/null || true
}

# ---------------------------------------------------------------- capture
# A capture is one whole rotated audit log file: auditd is told to rotate (SIGUSR1)
# right before the scenario and again right after it, so the file that was
# audit.log in between holds exactly what auditd wrote meanwhile, flushed and
# closed, starting with its DAEMON_ROTATE record. Nothing is edited.
EXPECT=$(mktemp /tmp/podaudit-expect.XXXXXX)
trap 'rm -f "$EXPECT"' EXIT
CAP_INO=0

rotate() {
    kill -USR1 "$(pidof auditd)" || die "auditd not running"
    local i
    for i in $(seq 1 50); do
        [ "$(stat -c %i "$AUDIT_LOG" 2>/dev/null)" != "$1" ] && return 0
        sleep 0.1
    done
    die "auditd did not rotate"
}

# Wait until nothing writes to the audit log for QUIET seconds (other podman users
# on the machine would otherwise end up in the capture).
wait_quiet() {
    local quiet=${QUIET:-15} n=0 last cur
    last=$(stat -c %s "$AUDIT_LOG")
    while [ "$n" -lt "$quiet" ]; do
        sleep 1
        cur=$(stat -c %s "$AUDIT_LOG")
        if [ "$cur" = "$last" ]; then n=$((n + 1)); else n=0; last=$cur; fi
    done
}

capture_begin() {
    wait_quiet
    : >"$EXPECT"
    LOST0=$(auditctl -s | awk '$1=="lost"{print $2}')
    rotate "$(stat -c %i "$AUDIT_LOG")"
    CAP_INO=$(stat -c %i "$AUDIT_LOG")
    log "capture: $AUDIT_LOG (inode $CAP_INO)"
}

capture_end() { # dest; returns 1 if another process used podman meanwhile
    sleep 4                                   # end_of_event_timeout is 2 s
    rotate "$CAP_INO"
    sleep 1
    local f src=""
    for f in "$AUDIT_LOG".*; do
        [ "$(stat -c %i "$f")" = "$CAP_INO" ] && src=$f
    done
    [ -n "$src" ] || die "captured log file (inode $CAP_INO) not found"
    cp "$src" "$1"
    chmod 0644 "$1"
    local lost; lost=$(auditctl -s | awk '$1=="lost"{print $2}')
    [ "$lost" = "$LOST0" ] || log "WARNING: kernel lost $((lost - LOST0)) audit records during capture"
    log "capture: $src -> $1 ($(stat -c %s "$1") bytes)"
    [ "$(stat -c %s "$1")" -lt 3000000 ] || log "WARNING: $1 is 3 MB or more"
    python3 "$HERE/cmdlines.py" --check "$EXPECT" "$1"
}

# record an invocation the scenario makes (argv[0] as podman will see it)
expect() { printf '%s\0' "$@" | od -An -v -tx1 | tr -d ' \n' >>"$EXPECT"; echo >>"$EXPECT"; }

# ---------------------------------------------------------------- scenarios
MISSING=localhost:1/missing:1   # not in local storage; a "pull" of it fails on loopback

cleanup_root() {
    podman rm -f -t 0 web db >/dev/null 2>&1
    podman pod rm -f p1 >/dev/null 2>&1
    podman volume rm -f myvol >/dev/null 2>&1
    carol_sh 'podman rm -f -t 0 -a >/dev/null 2>&1' 2>/dev/null
}

scenario_session() {
    # A typical day: alice runs a web container, looks at it, stops and removes it;
    # carol does a rootless run; bob tries an image that is not there.
    sudo_podman alice --runtime runc run -d --name web "${UL[@]}" "$IMG" sh -c 'echo web up; sleep 30'
    sleep 1
    sudo_podman alice exec web ls /
    sudo_podman alice logs web
    sudo_podman alice stop -t 2 web
    sudo_podman alice rm web
    carol_podman --runtime runc run --rm --network=none "${UL[@]}" "$IMG" id
    sudo_podman bob --runtime runc run --rm "${UL[@]}" "$MISSING" true
}

scenario_flags() {
    local long
    long=$(printf 'lorem ipsum dolor sit amet %.0s' $(seq 1 190))   # cut to 5000 bytes, with spaces
    long=${long:0:5000}

    # -- global options before the subcommand
    sudo_podman alice --runtime=runc --log-level=error --storage-driver overlay ps -a
    sudo_podman bob --log-level error --root /var/lib/containers/storage --storage-driver=overlay images
    sudo_podman alice -c prod ps
    sudo_podman bob --connection prod ps
    sudo_podman alice --url unix:///run/podman/podman.sock ps
    root_podman --runtime runc --log-level=error ps

    # -- a real container, with its whole life
    sudo_podman alice --runtime runc container run -dit --name web --cap-add SYS_ADMIN \
        -v /etc:/etc:ro -e A=B "${UL[@]}" "$IMG" sh
    sleep 1
    sudo_podman alice exec web ls /
    sudo_podman bob exec --privileged web id
    sudo_podman alice exec web echo '<script>alert(1)</script>' $'line1\nline2'
    sudo_podman alice logs web
    sudo_podman bob inspect web
    sudo_podman alice container inspect web
    sudo_podman alice container ls
    sudo_podman bob pause web
    sudo_podman bob unpause web
    sudo_podman alice kill web
    sudo_podman alice start web
    sudo_podman alice stop -t 1 web
    sudo_podman alice rm web
    # ... and a real privileged run with host namespaces and the host's / mounted
    sudo_podman bob --runtime runc run --rm --privileged --pid=host --network=host \
        -v /:/host "${UL[@]}" "$IMG" ls /host

    # -- risk flags (image not present locally: podman parses everything, then fails)
    sudo_podman bob --runtime runc run --privileged "${UL[@]}" "$MISSING" sh
    sudo_podman bob --runtime runc run --cap-add SYS_ADMIN --cap-add=NET_ADMIN "${UL[@]}" "$MISSING" sh
    sudo_podman alice --runtime runc run --cap-add ALL "${UL[@]}" "$MISSING" sh
    sudo_podman alice --runtime runc run --cap-add=cap_sys_ptrace --cap-add=NET_RAW "${UL[@]}" "$MISSING" sh
    sudo_podman bob --runtime runc run -v /:/host "${UL[@]}" "$MISSING" chroot /host
    sudo_podman bob --runtime runc run -v /etc:/etc:ro --volume /var/log:/logs --volume=/tmp:/tmp "${UL[@]}" "$MISSING" sh
    sudo_podman alice --runtime runc run --mount type=bind,source=/srv,target=/srv \
        --mount=type=bind,src=/opt,dst=/opt,ro "${UL[@]}" "$MISSING" sh
    sudo_podman alice volume create myvol
    sudo_podman alice --runtime runc run -v myvol:/data "${UL[@]}" "$MISSING" sh
    sudo_podman alice volume ls
    sudo_podman alice volume rm myvol
    sudo_podman bob --runtime runc run -v /run/podman/podman.sock:/run/podman/podman.sock "${UL[@]}" "$MISSING" sh
    sudo_podman bob --runtime runc run -v /var/run/docker.sock:/var/run/docker.sock "${UL[@]}" "$MISSING" sh
    sudo_podman alice --runtime runc run --device /dev/null --device=/dev/zero "${UL[@]}" "$MISSING" sh
    sudo_podman alice --runtime runc run --pid=host "${UL[@]}" "$MISSING" sh
    sudo_podman bob --runtime runc run --pid host --network host "${UL[@]}" "$MISSING" sh
    sudo_podman bob --runtime runc run --net=host "${UL[@]}" "$MISSING" sh
    sudo_podman alice --runtime runc run --network=host --ipc=host --uts=host "${UL[@]}" "$MISSING" sh
    sudo_podman alice --runtime runc run --userns=host "${UL[@]}" "$MISSING" sh
    sudo_podman bob --runtime runc run --security-opt seccomp=unconfined \
        --security-opt=apparmor=unconfined --security-opt label=disable "${UL[@]}" "$MISSING" sh
    sudo_podman alice --runtime runc run -dit --name=db "${UL[@]}" "$MISSING" sh
    sudo_podman alice --runtime runc run -itd "${UL[@]}" "$MISSING" sh
    sudo_podman bob --runtime runc run -it "${UL[@]}" "$MISSING" sh
    sudo_podman bob --runtime runc run --rm -d -e A=B -p 8080:80 --name web "${UL[@]}" "$MISSING" httpd -f
    sudo_podman alice --runtime runc create --privileged --pid=host -v /:/host "${UL[@]}" "$MISSING" sh

    # -- hostile input
    sudo_podman bob --runtime runc run --name '$(rm -rf /)' "${UL[@]}" "$MISSING" true
    sudo_podman bob --runtime runc run "${UL[@]}" "$MISSING" echo '<script>alert(1)</script>'
    sudo_podman alice --runtime runc run "${UL[@]}" "$MISSING" echo $'two\nlines' $'a\tb'
    sudo_podman alice --runtime runc run "${UL[@]}" "$MISSING" echo $'\xff\xfe' $'caf\xe9'
    sudo_podman bob --runtime runc run "${UL[@]}" "$MISSING" echo 'say "hi" C:\temp\ \o/'
    sudo_podman alice --runtime runc run "${UL[@]}" "$MISSING" echo "$long"

    # -- images, pull, pods, networks, system
    sudo_podman alice image ls
    sudo_podman bob image list
    sudo_podman alice pull --tls-verify=false localhost:1/x
    sudo_podman alice image rm localhost/old:1
    sudo_podman bob rmi "$MISSING"
    sudo_podman bob pod create --infra=false --name p1
    sudo_podman bob pod rm p1
    sudo_podman alice network ls
    sudo_podman alice system df
    sudo_podman bob logout --all             # rewrites /run/containers/0/auth.json

    # -- carol, rootless
    carol_podman ps
    carol_podman --runtime runc run --network=none --privileged "${UL[@]}" "$MISSING" sh
    carol_podman --runtime runc run --network=none -v /:/host --userns=host "${UL[@]}" "$MISSING" sh

    # -- root without a login session
    root_podman --runtime=runc run --rm --cap-add ALL "${UL[@]}" "$MISSING" sh
    root_podman pull --tls-verify=false localhost:1/x
    root_podman ps -a
    root_podman logout --authfile /root/.config/containers/auth.json --all
}

# ---------------------------------------------------------------- meta
do_meta() {
    log "meta: auditctl outputs, cmdlines"
    auditctl -l >"$OUT/auditctl-l.txt"
    auditctl -s >"$OUT/auditctl-s.txt"
    python3 "$HERE/cmdlines.py" "$OUT/podman-session.log" "$OUT/podman-flags.log" >"$OUT/podman-cmdlines.tsv"
}

do_empty_rules() {
    auditctl -D >/dev/null
    auditctl -l >"$OUT/auditctl-l-empty.txt"
}

run_capture() { # name scenario-function
    local try
    for try in 1 2 3 4 5; do
        cleanup_root
        capture_begin
        "$2"
        capture_end "$OUT/$1" && return 0
        log "another process ran podman during the capture; again ($try)"
    done
    die "$1: could not get a capture without foreign podman activity"
}

main() {
    local steps=("$@")
    [ ${#steps[@]} -gt 0 ] || steps=(setup empty rules session flags meta)
    local s
    for s in "${steps[@]}"; do
        case $s in
            setup) do_setup ;;
            empty) do_empty_rules ;;
            rules) do_rules ;;
            session) run_capture podman-session.log scenario_session ;;
            flags) run_capture podman-flags.log scenario_flags ;;
            meta) do_meta ;;
            *) die "unknown step: $s" ;;
        esac
    done
}

# allow `. scenario.sh` for debugging without running anything
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    main "$@"
fi
