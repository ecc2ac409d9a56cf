# Crafting test events from a real one (sourced by the report tests, after lib.sh).
#
# craft_event LOG SERIAL SEC MSEC NEW_SERIAL [ARG ...]
#   Prints the records of event SERIAL of LOG (a real capture) with the header
#   of every record moved to msg=audit(SEC.MSEC:NEW_SERIAL). With ARGs, the
#   EXECVE record gets them as its arguments (argc, a0..aN: quoted when
#   plain, hex-encoded otherwise, as the kernel writes them) and PROCTITLE
#   their first 128 bytes NUL-separated, hex-encoded; everything else stays
#   as the kernel and auditd wrote it.

# Upper-case hex of the bytes of $1.
craft_hex() { printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n' | tr 'a-f' 'A-F'; }

craft_event() {
	local log=$1 serial=$2 sec=$3 msec=$4 nserial=$5
	shift 5
	local execve="" title="" i=0 a
	if [ $# -gt 0 ]; then
		execve="argc=$#"
		for a in "$@"; do
			if [[ $a =~ ^[!-~]+$ && $a != *\"* ]]; then execve+=" a$i=\"$a\""; else execve+=" a$i=$(craft_hex "$a")"; fi
			i=$((i + 1))
		done
		title=$(for a in "$@"; do printf '%s\0' "$a"; done | head -c -1 | head -c 128 | od -An -v -tx1 | tr -d ' \n' | tr 'a-f' 'A-F')
	fi
	grep -a "msg=audit([0-9]*\.[0-9]*:$serial)" "$log" | awk -v hdr="msg=audit($sec.$msec:$nserial)" \
		-v execve="$execve" -v title="$title" '{
		sub(/msg=audit\([0-9]+\.[0-9]+:[0-9]+\)/, hdr)
		if (execve != "" && $1 == "type=EXECVE") $0 = "type=EXECVE " hdr ": " execve
		if (title != "" && $1 == "type=PROCTITLE") $0 = "type=PROCTITLE " hdr ": proctitle=" title
		print
	}'
}
