#!/usr/bin/env bash
# Outbox drain throughput against Postfix's smtp-sink on loopback, compared
# with a Python smtplib loop over one connection to the same sink, same run.
#
#   bench/outbox.sh [MESSAGES]      (default 2000 messages of 2 KB)
#
# Needs: postfix (smtp-sink), python3. Builds the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
[ -x "$SINK" ] || { echo "smtp-sink not found: apt-get install postfix" >&2; exit 1; }
cargo build --release --quiet
BIN=$PWD/target/release/hudhud
# The work folder is kept (printed at the end): deleting thousands of files
# makes ext4 slow to create new ones for the next few minutes (it skips
# recently freed inodes), which would skew a run that follows.
WORK=$(mktemp -d -t hudhud-bench.XXXXXX)
trap 'kill $SINK_PID 2>/dev/null || true' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SINK_USER=()
[ "$(id -u)" = 0 ] && SINK_USER=(-u postfix)
"$SINK" "${SINK_USER[@]}" -c "127.0.0.1:$PORT" 1000 >/dev/null &
SINK_PID=$!
sleep 0.5

BODY=$(python3 -c 'print(("x" * 75 + "\n") * 25, end="")')   # about 2 KB per message

# 1. Python smtplib, one connection, N messages.
PY_RATE=$(python3 - "$PORT" "$N" <<'PY'
import smtplib, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
body = ("x" * 75 + "\r\n") * 25
msg = "From: bench@example.com\r\nTo: sink@example.com\r\nSubject: bench\r\n\r\n" + body
s = smtplib.SMTP("127.0.0.1", port)
s.ehlo()
t = time.perf_counter()
for i in range(n):
    s.sendmail("bench@example.com", ["sink@example.com"], msg)
dt = time.perf_counter() - t
s.quit()
print(f"{n / dt:.0f}")
PY
)

# 2. Hudhud: queue N messages (not timed), then time draining them.
export HUDHUD_CONFIG_DIR=$WORK/config HUDHUD_DATA_DIR=$WORK/data HUDHUD_LANG=en
"$BIN" account add sink --email bench@example.com --host 127.0.0.1 --port "$PORT" --security none --no-auth 2>/dev/null
for i in $(seq 1 "$N"); do
  printf 'To: sink@example.com\nSubject: bench %s\n\n%s\n' "$i" "$BODY" | "$BIN" sendmail -t -odq
done
QUEUED=$(ls "$WORK/data/outbox" | grep -c '\.json$')
START=$(date +%s.%N)
"$BIN" outbox flush 2>/dev/null
END=$(date +%s.%N)
SENT=$(ls "$WORK/data/sent" | grep -c '\.json$')
HUD_RATE=$(python3 -c "print(f'{$SENT / ($END - $START):.0f}')")
RATIO=$(python3 -c "print(f'{$HUD_RATE / $PY_RATE:.2f}')")
echo "messages: $N (queued $QUEUED, sent $SENT), about 2 KB each, smtp-sink on loopback"
echo "python smtplib, one connection: $PY_RATE msg/s"
echo "hudhud outbox flush:            $HUD_RATE msg/s"
echo "ratio: $RATIO"
echo "work folder (delete when done): $WORK"
