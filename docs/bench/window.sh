#!/bin/sh
# Start-up time and memory of the window, release build, under Xvfb, with one
# account and 1000 messages in Sent. Needs xvfb, xdotool, imagemagick, python3.
# Usage: docs/bench/window.sh [binary] [runs]
set -eu
BIN=$(realpath "${1:-target/release/hudhud}")
RUNS=${2:-5}
export DISPLAY=${BENCH_DISPLAY:-:95}
Xvfb "$DISPLAY" -screen 0 1280x800x24 >/dev/null 2>&1 &
XVFB=$!
WORK=$(mktemp -d)
trap 'kill $XVFB; rm -rf "$WORK"' EXIT
sleep 1
export HUDHUD_CONFIG_DIR=$WORK/cfg HUDHUD_DATA_DIR=$WORK/data HUDHUD_LANG=${HUDHUD_LANG:-en}
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
python3 - "$HUDHUD_DATA_DIR/sent" <<'PY'
import json, sys, os
d = sys.argv[1]
for i in range(1000):
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
echo "run start_to_first_frame_ms rss_after_5s_mb"
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
    echo "$run $ms $rss"
    kill $APP; wait $APP 2>/dev/null || true
done
