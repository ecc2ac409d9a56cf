#!/bin/bash
# tls:// against a real rsyslog (imtcp with the OpenSSL netstream driver)
# that requires a client certificate, with a test CA made here by openssl:
# every event arrives; the host name is verified; a receiver that refuses
# the client confirms nothing; CA and client certificate can come from the
# forward: section of the configuration.
. "$PODAUDIT_SRCDIR/tests/lib.sh"
. "$PODAUDIT_SRCDIR/tests/forward/rsyslog-lib.sh"
need sqlite3
need openssl
need_rsyslog imtcp lmnsd_ossl
CHECK="python3 $PODAUDIT_SRCDIR/tests/forward/check.py"
DB=$TMP/p.db
RS=$TMP/rs
PKI=$TMP/pki
mkdir -p "$RS" "$PKI"

# A CA, a server certificate for "localhost" (DNS name only), a client certificate.
(
	cd "$PKI" || exit 1
	openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 \
		-subj "/CN=podaudit test CA" &&
	openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj "/CN=localhost" &&
	printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n' >srv.ext &&
	openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem \
		-days 2 -extfile srv.ext &&
	openssl req -newkey rsa:2048 -nodes -keyout cli.key -out cli.csr -subj "/CN=podaudit" &&
	printf 'extendedKeyUsage=clientAuth\n' >cli.ext &&
	openssl x509 -req -in cli.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out cli.pem \
		-days 2 -extfile cli.ext
) >"$TMP/openssl.log" 2>&1
ok "openssl made the test CA and certificates" test -s "$PKI/cli.pem"

pa ingest --db "$DB" "$PODAUDIT_SRCDIR/tests/data/podman-session.log" 2>/dev/null
n=$(q "$DB" "SELECT count(*) FROM events")

PORT=$(free_port)
rs_conf_head "$RS"
cat >>"$RS/rs.conf" <<CONF
global(DefaultNetstreamDriver="ossl" DefaultNetstreamDriverCAFile="$PKI/ca.pem"
       DefaultNetstreamDriverCertFile="$PKI/srv.pem" DefaultNetstreamDriverKeyFile="$PKI/srv.key")
module(load="imtcp" StreamDriver.Name="ossl" StreamDriver.Mode="1" StreamDriver.AuthMode="x509/certvalid")
CONF
rs_conf_output "$RS" tls
echo "input(type=\"imtcp\" port=\"$PORT\" address=\"127.0.0.1\" ruleset=\"tls\") # tcpport=\"$PORT\"" >>"$RS/rs.conf"
ok "rsyslogd starts with TLS" rs_start "$RS"

pa forward --db "$DB" --to "tls://localhost:$PORT" --ca "$PKI/ca.pem" --cert "$PKI/cli.pem" \
	--key "$PKI/cli.key" --max-retries 3 2>"$TMP/e1"
eq "tls: exit 0" 0 $?
ok "tls: every event delivered" wait_lines "$RS/tls.out" "$n"
eq "tls: each stored event arrived exactly once, fields as in the views" \
	"ids $n unique $n missing 0 extra 0 duplicates 0" "$($CHECK "$DB" ecs "$RS/tls.out" --received --fields)"

# Host name verification: the certificate names localhost, not 127.0.0.1.
pa forward --db "$DB" --to "tls://127.0.0.1:$PORT" --name ip --ca "$PKI/ca.pem" \
	--cert "$PKI/cli.pem" --key "$PKI/cli.key" --max-retries 2 --retry-max 1 2>"$TMP/e2"
eq "tls: a certificate for another name is refused" 1 $?
ok "  ... the error says why" grep -q "certificate verification failed: IP address mismatch" "$TMP/e2"
# An unknown CA.
pa forward --db "$DB" --to "tls://localhost:$PORT" --name noca --ca "$PKI/cli.pem" \
	--max-retries 1 2>"$TMP/e3"
ok "tls: a receiver signed by another CA is refused" grep -q "certificate verification failed" "$TMP/e3"

# No client certificate: rsyslog refuses the client after the handshake;
# nothing may count as delivered.
before=$(wc -l <"$RS/tls.out")
pa forward --db "$DB" --to "tls://localhost:$PORT" --name nocert --ca "$PKI/ca.pem" \
	--max-retries 2 --retry-max 1 2>"$TMP/e4"
eq "tls without the client certificate rsyslog requires: fails" 1 $?
eq "  ... and confirms nothing (cursor 0)" 0 \
	"$(q "$DB" "SELECT last_id FROM forward_targets WHERE name = 'nocert'")"
eq "  ... nothing reached the receiver's file" "$before" "$(wc -l <"$RS/tls.out")"

# CA and client certificate from the forward: section.
cat >"$TMP/podaudit.yaml" <<CONF
forward:
  siem:
    to: tls://localhost:$PORT
    format: rfc5424
    ca_file: $PKI/ca.pem
    cert_file: $PKI/cli.pem
    key_file: $PKI/cli.key
CONF
chmod 600 "$TMP/podaudit.yaml"
: >"$RS/tls.out"
pa forward --db "$DB" --config "$TMP/podaudit.yaml" 2>"$TMP/e5"
eq "tls from the configuration: exit 0" 0 $?
ok "tls from the configuration: every event delivered" wait_lines "$RS/tls.out" "$n"
eq "tls from the configuration: each event once" \
	"ids $n unique $n missing 0 extra 0 duplicates 0" "$($CHECK "$DB" ecs "$RS/tls.out" --received)"
rs_stop

# relp+tls://: RELP over TLS (OpenSSL, as tls://) to imrelp with librelp's TLS,
# the receiver's certificate and name checked.
if [ -f "$RS_MODDIR/imrelp.so" ]; then
	RS2=$TMP/rs2
	mkdir -p "$RS2"
	RPORT=$(free_port)
	rs_conf_head "$RS2"
	echo 'module(load="imrelp" tls.tlslib="openssl")' >>"$RS2/rs.conf"
	rs_conf_output "$RS2" relptls
	cat >>"$RS2/rs.conf" <<CONF
input(type="imrelp" port="$RPORT" address="127.0.0.1" ruleset="relptls" tls="on"
      tls.caCert="$PKI/ca.pem" tls.myCert="$PKI/srv.pem" tls.myPrivKey="$PKI/srv.key"
      tls.authMode="certvalid") # tcpport="$RPORT"
CONF
	ok "rsyslogd starts with RELP over TLS" rs_start "$RS2"
	pa forward --db "$DB" --to "relp+tls://localhost:$RPORT" --ca "$PKI/ca.pem" \
		--cert "$PKI/cli.pem" --key "$PKI/cli.key" --max-retries 3 2>"$TMP/e7"
	eq "relp+tls: exit 0" 0 $?
	ok "relp+tls: every event delivered" wait_lines "$RS2/relptls.out" "$n"
	eq "relp+tls: each event exactly once" \
		"ids $n unique $n missing 0 extra 0 duplicates 0" "$($CHECK "$DB" ecs "$RS2/relptls.out" --received)"
	pa forward --db "$DB" --to "relp+tls://127.0.0.1:$RPORT" --name relpip --ca "$PKI/ca.pem" \
		--cert "$PKI/cli.pem" --key "$PKI/cli.key" --max-retries 2 --retry-max 1 2>"$TMP/e6"
	eq "relp+tls: a certificate for another name is refused" 1 $?
	ok "  ... the error says why" grep -q "certificate verification failed: IP address mismatch" "$TMP/e6"
	eq "  ... and nothing counts as sent (cursor 0)" 0 \
		"$(q "$DB" "SELECT last_id FROM forward_targets WHERE name = 'relpip'")"
	# No client certificate: imrelp (tls.authMode certvalid) refuses the
	# client; nothing may count as delivered.
	before=$(wc -l <"$RS2/relptls.out")
	pa forward --db "$DB" --to "relp+tls://localhost:$RPORT" --name relpnocert --ca "$PKI/ca.pem" \
		--max-retries 2 --retry-max 1 2>"$TMP/e8"
	eq "relp+tls without the client certificate imrelp requires: fails" 1 $?
	eq "  ... and confirms nothing (cursor 0)" 0 \
		"$(q "$DB" "SELECT last_id FROM forward_targets WHERE name = 'relpnocert'")"
	eq "  ... nothing reached the receiver's file" "$before" "$(wc -l <"$RS2/relptls.out")"
	rs_stop
else
	echo "# imrelp missing: relp+tls not tested"
fi
finish
