#!/bin/sh
# The shots take.sh does not cover, retaken after the design pass (issue 16):
# Sent (a row opened), recipient warnings and discovery (against the DNS and
# HTTPS peer of tests/peers/dns_https.sh, its peer.env in $DP), and the
# Gmail sign-in on the first run. Needs xvfb, xdotool, imagemagick.
# Usage: DP=/tmp/dp docs/screenshots/retake-look.sh [binary]
set -eu
BIN=$(realpath "${1:-target/release/hudhud}")
OUT=${OUT:-docs/screenshots}
DP=${DP:-/tmp/dp}
export DISPLAY=${SHOT_DISPLAY:-:98}
. "$(dirname "$0")/lib.sh"
account() {
    mkdir -p "$HUDHUD_CONFIG_DIR"
    cat > "$HUDHUD_CONFIG_DIR/config.toml" <<TOML
[settings]
default_account = "work"

[[account]]
name = "work"
display_name = "Layla Haddad"
email = "$1"
host = "127.0.0.1"
port = 9
security = "none"
auth = "none"
TOML
}

for lang in en ar; do
    export HUDHUD_LANG=$lang
    # The sidebar, and the first-run form's e-mail field, by direction.
    if [ $lang = ar ]; then side=900 email="420 176"; else side=100 email="580 197"; fi

    # Sent, three messages, the newest opened.
    export HUDHUD_CONFIG_DIR=$WORK/$lang/sent-cfg HUDHUD_DATA_DIR=$WORK/$lang/sent-data
    account layla@example.com
    mkdir -p "$HUDHUD_DATA_DIR/sent"
    python3 - "$HUDHUD_DATA_DIR/sent" "$lang" <<'PY'
import json, sys, os
d, lang = sys.argv[1], sys.argv[2]
subjects = (["موعد الاجتماع", "التقرير الربعي", "شكرًا"] if lang == "ar"
            else ["Meeting time", "Quarterly report", "Thanks"])
for i, subject in enumerate(subjects):
    id = "20261128T%02d0000000000-%08x" % (10 + i, i)
    entry = {
        "id": id, "account": "work", "message_id": "<%d@example.com>" % i,
        "envelope_from": "layla@example.com",
        "envelope_to": ["omar@example.org", "team@example.org"][: 1 + i % 2],
        "subject": subject, "created": "2026-11-28T1%d:00:00Z" % i, "state": "sent",
        "attempts": 1, "sent_at": "2026-11-28T1%d:00:01Z" % i,
        "final_reply": {"code": 250, "text": "2.0.0 Ok: queued as 4F%d" % i},
        "history": [{"at": "2026-11-28T1%d:00:01Z" % i, "reply": {"code": 250, "text": "2.0.0 Ok: queued as 4F%d" % i},
                     "transcript": {"lines": []}}],
    }
    open(os.path.join(d, id + ".json"), "w").write(json.dumps(entry))
    open(os.path.join(d, id + ".eml"), "w").write(
        "From: Layla Haddad <layla@example.com>\r\nTo: omar@example.org\r\nSubject: %s\r\n\r\nHello\r\n" % subject)
PY
    "$BIN" >/dev/null 2>&1 & APP=$!
    sleep 3; click $side 148; sleep 1.5; click 500 135; shot sent-$lang
    kill $APP; wait $APP 2>/dev/null || true

    # Recipient warnings: a typo, a domain that takes no mail, one that
    # does not exist.
    (
        set -a; . "$DP/peer.env"; set +a
        export HUDHUD_CONFIG_DIR=$WORK/$lang/warn-cfg HUDHUD_DATA_DIR=$WORK/$lang/warn-data
        account layla@okmx.test
        "$BIN" 'mailto:farah@gmial.com,omar@nullmx.test?cc=salma@nosuch.test,team@okmx.test&subject=Meeting%20time' >/dev/null 2>&1 & APP=$!
        shot recipient-warnings-$lang 5
        kill $APP; wait $APP 2>/dev/null || true
    )

    # First run: discovery from an address no preset knows (SRV outside the
    # domain: trust asked), then a Gmail address (sign in with Google).
    for what in discovered sign-in; do
        (
            set -a; . "$DP/peer.env"; set +a
            export HUDHUD_CONFIG_DIR=$WORK/$lang/$what-cfg HUDHUD_DATA_DIR=$WORK/$lang/$what-data
            "$BIN" >/dev/null 2>&1 & APP=$!
            sleep 3
            xdotool windowfocus --sync "$(xdotool search --class org.hudhud.Hudhud | tail -1)"
            click $email
            if [ $what = discovered ]; then
                xdotool type --delay 30 "layla@srvout.test"
                # Tab to "Find settings" (after the password), Enter presses it.
                xdotool key Tab; sleep 0.3; xdotool key Tab; sleep 0.3; xdotool key Return
                name=first-run-discovered-$lang
            else
                xdotool type --delay 30 "layla.haddad@gmail.com"; xdotool key Tab
                name=sign-in-$lang
            fi
            shot $name 4
            kill $APP; wait $APP 2>/dev/null || true
        )
    done
done
