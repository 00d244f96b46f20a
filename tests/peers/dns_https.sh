#!/usr/bin/env bash
# Test peers for account discovery and recipient checks: a real DNS server
# (Debian's unbound) on loopback serving test zones, and an HTTPS server with
# a throw-away CA serving config-v1.1.xml files (tests/peers/discover_http.py).
#
#   tests/peers/dns_https.sh start DIR   # writes DIR/peer.env
#   tests/peers/dns_https.sh stop DIR
#
# Run as root (ports 443, 80, 465 and 587) once per test run: .ci/run starts
# it and exports HUDHUD_DISCOVER_DIR=DIR; tests read DIR/peer.env
# (tests/support/peers.rs, Discovery::get) and pass its variables only to the
# processes they start:
#   HUDHUD_DNS_SERVER=127.0.0.1:PORT   the only DNS server Hudhud asks
#   SSL_CERT_FILE=DIR/ca.pem           the test CA (the platform verifier reads it)
#   HUDHUD_ISPDB_URL=https://ispdb.test/v1.1
#
# Zones (all under .test; any other name is NXDOMAIN, nothing leaves the
# machine):
#   ac.test        autoconfig.ac.test → 127.0.0.1 (HTTPS autoconfig)
#   hosted.test    HTTPS autoconfig naming smtp.provider.test (trusted)
#   wk.test        wk.test → 127.0.0.1 (well-known autoconfig)
#   isp.test       only in the ISPDB (ispdb.test → 127.0.0.1)
#   custom.test    MX mx1.hostco.test; the ISPDB knows hostco.test
#   oauthonly.test only in the ISPDB, OAuth2 only
#   srv.test       _submissions._tcp → mail.srv.test:465
#   srv2.test      _submissions._tcp → "." (not offered), _submission._tcp → submit.srv2.test:587
#   srvout.test    _submissions._tcp → smtp.elsewhere.test:465 (outside: confirm)
#   guess.test     smtp.guess.test → 127.0.0.2 (SMTP greeters on 465 and 587)
#   hostile.test   autoconfig only over plain HTTP, naming smtp.evil.test
#   slow.test      autoconfig answers after 2 s; the ISPDB at once, differently
#   bad.test       malformed XML;  huge.test  a 4 MB answer
#   okmx.test MX; aonly.test A only; nullmx.test MX 0 .; nomail.test TXT only;
#   ttl.test MX with a TTL of 2 s; anything else (nosuch.test): NXDOMAIN
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cmd=${1:-}
dir=${2:-}
[[ -n "$cmd" && -n "$dir" ]] || { echo "usage: $0 start|stop DIR" >&2; exit 64; }

stop() {
    for name in unbound http; do
        if [[ -f "$dir/$name.pid" ]]; then
            kill "$(cat "$dir/$name.pid")" 2>/dev/null || true
            rm -f "$dir/$name.pid"
        fi
    done
}

if [[ "$cmd" == stop ]]; then
    stop
    exit 0
fi
[[ "$cmd" == start ]] || { echo "usage: $0 start|stop DIR" >&2; exit 64; }

command -v unbound >/dev/null || { echo "unbound is not installed (apt-get install unbound)" >&2; exit 69; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

# --- certificates: one CA, one server certificate for every test host
hosts=(autoconfig.ac.test autoconfig.hosted.test wk.test ispdb.test autoconfig.hostco.test
       autoconfig.slow.test autoconfig.bad.test autoconfig.huge.test autoconfig.hostile.test
       smtp.guess.test mail.guess.test)
san=$(printf 'DNS:%s,' "${hosts[@]}")IP:127.0.0.1,IP:127.0.0.2
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Hudhud discovery test CA" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=ispdb.test" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' "$san" > "$dir/server.ext"
openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 2 -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null

# --- DNS
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$dir/unbound.conf" <<CONF
server:
    interface: 127.0.0.1
    port: $port
    do-ip6: no
    do-daemonize: no
    chroot: ""
    username: ""
    directory: "$dir"
    pidfile: "$dir/unbound.pid.own"
    use-syslog: no
    logfile: "$dir/unbound.log"
    access-control: 127.0.0.0/8 allow
    module-config: "iterator"
    # Nothing is asked of the internet: every name outside the data below
    # is NXDOMAIN.
    local-zone: "." static
    local-zone: "test." static
    local-data: "test. 300 IN SOA ns.test. admin.test. 1 3600 600 86400 60"
    local-data: "autoconfig.ac.test. 300 IN A 127.0.0.1"
    local-data: "ac.test. 300 IN MX 10 mx.ac.test."
    local-data: "autoconfig.hosted.test. 300 IN A 127.0.0.1"
    local-data: "wk.test. 300 IN A 127.0.0.1"
    local-data: "ispdb.test. 300 IN A 127.0.0.1"
    local-data: "isp.test. 300 IN MX 10 mx.isp.test."
    local-data: "custom.test. 300 IN MX 10 mx1.hostco.test."
    local-data: "custom.test. 300 IN MX 20 mx2.other.test."
    local-data: "oauthonly.test. 300 IN MX 10 mx.oauthonly.test."
    local-data: "_submissions._tcp.srv.test. 300 IN SRV 0 1 465 mail.srv.test."
    local-data: "_submissions._tcp.srv2.test. 300 IN SRV 0 0 0 ."
    local-data: "_submission._tcp.srv2.test. 300 IN SRV 0 1 587 submit.srv2.test."
    local-data: "_submissions._tcp.srvout.test. 300 IN SRV 0 1 465 smtp.elsewhere.test."
    local-data: "smtp.guess.test. 300 IN A 127.0.0.2"
    local-data: "autoconfig.hostile.test. 300 IN A 127.0.0.1"
    local-data: "autoconfig.slow.test. 300 IN A 127.0.0.1"
    local-data: "autoconfig.bad.test. 300 IN A 127.0.0.1"
    local-data: "autoconfig.huge.test. 300 IN A 127.0.0.1"
    local-data: "okmx.test. 300 IN MX 10 mx.okmx.test."
    local-data: "aonly.test. 300 IN A 127.0.0.1"
    local-data: "nullmx.test. 300 IN MX 0 ."
    local-data: "nomail.test. 300 IN TXT \"v=spf1 -all\""
    local-data: "ttl.test. 2 IN MX 10 mx.ttl.test."
remote-control:
    control-enable: no
CONF
unbound-checkconf "$dir/unbound.conf" >/dev/null
unbound -d -c "$dir/unbound.conf" >"$dir/unbound.out" 2>&1 &
echo $! > "$dir/unbound.pid"

# --- HTTPS, HTTP, SMTP greeters
rm -f "$dir/http.ready"
/usr/bin/python3 "$here/discover_http.py" "$dir" >"$dir/http.out" 2>&1 &
echo $! > "$dir/http.pid"

# Ready when unbound answers and the web server has written its mark.
ready=0
for _ in $(seq 1 100); do
    if [[ -f "$dir/http.ready" ]] && /usr/bin/python3 - "$port" <<'PY' 2>/dev/null
import socket, sys
q = b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00" + b"\x05ispdb\x04test\x00" + b"\x00\x01\x00\x01"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.2)
s.sendto(q, ("127.0.0.1", int(sys.argv[1])))
data = s.recv(512)
sys.exit(0 if data[:2] == b"\x12\x34" and data[7] == 1 else 1)
PY
    then ready=1; break; fi
    sleep 0.1
done
if [[ $ready != 1 ]]; then
    echo "discovery peers did not start; see $dir/unbound.out, $dir/unbound.log, $dir/http.out" >&2
    cat "$dir/unbound.out" "$dir/http.out" >&2 || true
    stop
    exit 1
fi

cat > "$dir/peer.env" <<ENV
HUDHUD_DNS_SERVER=127.0.0.1:$port
SSL_CERT_FILE=$dir/ca.pem
HUDHUD_ISPDB_URL=https://ispdb.test/v1.1
ENV
echo "discovery peers ready: DNS 127.0.0.1:$port, HTTPS 127.0.0.1:443, HTTP :80, SMTP 127.0.0.2:465/587 ($dir/peer.env)"
