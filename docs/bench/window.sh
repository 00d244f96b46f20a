#!/bin/sh
# Start-up time and memory of the window, release build, under Xvfb, with one
# account and SENT messages in Sent (default 1000), then the memory after
# opening Sent and scrolling it. Needs xvfb, xdotool, imagemagick, python3.
# Usage: docs/bench/window.sh [binary] [runs] [sent]
# BENCH_DATA=folder: use the messages already in that data folder (made by
# bench/sent_history.sh) instead of writing SENT new ones.
set -eu
BIN=$(realpath "${1:-target/release/hudhud}")
RUNS=${2:-5}
SENT=${3:-1000}
export DISPLAY=${BENCH_DISPLAY:-:95}
Xvfb "$DISPLAY" -noreset -screen 0 1280x800x24 >/dev/null 2>&1 &
XVFB=$!
WORK=$(mktemp -d)
trap 'kill $XVFB; rm -rf "$WORK"' EXIT
sleep 1
export HUDHUD_CONFIG_DIR=$WORK/cfg HUDHUD_DATA_DIR=${BENCH_DATA:-$WORK/data} HUDHUD_LANG=${HUDHUD_LANG:-en}
mkdir -p "$HUDHUD_CONFIG_DIR" "$HUDHUD_DATA_DIR/sent"
cat > "$HUDHUD_CONFIG_DIR/config.toml" <<TOML
[settings]
default_account = "work"

[[account]]
name = "work"
email = "layla@example.com"
host = "127.0.0.1"
port = 9
security = "none"
auth = "none"
TOML
[ -n "${BENCH_DATA:-}" ] || python3 - "$HUDHUD_DATA_DIR/sent" "$SENT" <<'PY'
import json, sys, os
d = sys.argv[1]
for i in range(int(sys.argv[2])):
    id = "20250101T%06d000000-%08x" % (i, i)
    entry = {
        "id": id, "account": "work", "message_id": "<%d@example.com>" % i,
        "envelope_from": "layla@example.com", "envelope_to": ["omar%d@example.org" % i],
        "subject": "Message number %d" % i, "created": "2025-01-01T10:00:00Z", "state": "sent",
        "attempts": 1, "sent_at": "2025-01-01T10:00:01Z",
        "final_reply": {"code": 250, "text": "2.0.0 Ok: queued as %d" % i},
        "history": [{"at": "2025-01-01T10:00:01Z", "reply": {"code": 250, "text": "2.0.0 Ok"},
                     "transcript": {"lines": []}}],
    }
    open(os.path.join(d, id + ".json"), "w").write(json.dumps(entry))
    open(os.path.join(d, id + ".eml"), "w").write("Subject: Message %d\r\n\r\nHello\r\n" % i)
PY
# The first start builds the sent-history index from the files: timed apart.
# (Folders changed within two seconds are listed again at the next start.)
sleep 2
start=$(date +%s%N)
"$BIN" >/dev/null 2>&1 &
APP=$!
while [ ! -s "$HUDHUD_DATA_DIR/history.sqlite3" ] || ! python3 -c "
import sqlite3, sys
n = sqlite3.connect(sys.argv[1]).execute('select count(*) from messages').fetchone()[0]
sys.exit(0 if n >= int(sys.argv[2]) else 1)" "$HUDHUD_DATA_DIR/history.sqlite3" "$SENT" 2>/dev/null; do
    sleep 0.2
done
echo "index built from $SENT sent messages in $(( ($(date +%s%N) - start) / 1000000 )) ms (first start only)"
kill $APP; wait $APP 2>/dev/null || true

echo "run start_to_first_frame_ms rss_after_5s_mb rss_after_sent_and_scroll_mb rss_after_400_more_steps_mb"
for run in $(seq "$RUNS"); do
    start=$(date +%s%N)
    "$BIN" >/dev/null 2>&1 &
    APP=$!
    # The first frame: the window exists and is not a blank (single-colour) image.
    while :; do
        W=$(xdotool search --onlyvisible --name Hudhud 2>/dev/null | head -1 || true)
        if [ -n "$W" ] && [ "$(import -window "$W" -format '%k' info: 2>/dev/null || echo 1)" -gt 1 ]; then
            break
        fi
    done
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    sleep 5
    rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$APP/status)
    # Sent in the sidebar (left in English), then scroll down a while.
    xdotool mousemove --window "$W" 100 140 click 1
    sleep 1
    xdotool mousemove --window "$W" 500 400
    for _ in $(seq 40); do xdotool click 5; done
    sleep 2
    rss_sent=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$APP/status)
    xdotool click --repeat 400 --delay 5 5
    sleep 2
    rss_far=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$APP/status)
    echo "$run $ms $rss $rss_sent $rss_far"
    kill $APP; wait $APP 2>/dev/null || true
done
