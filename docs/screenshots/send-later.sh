#!/bin/sh
# Compose with Send later open: the quick choices, the typed field and the
# picker (a day next week at 09:30 typed into the field, which the page
# follows; today ringed, days gone by faded), in English and Arabic.
# Needs: xvfb, xdotool, imagemagick. Usage: docs/screenshots/send-later.sh [binary]
# A DNS server that does not answer keeps domain warnings out of the picture.
set -eu
BIN=${1:-target/release/hudhud}
OUT=${OUT:-docs/screenshots}
export DISPLAY=${DISPLAY_LATER:-:73}
export HUDHUD_DNS_SERVER=127.0.0.1:9
. "$(dirname "$0")/lib.sh"
when="$(date -d '+8 days' +%Y-%m-%d) 09:30"
for lang in ${LANGS:-en ar}; do
    export HUDHUD_LANG=$lang HUDHUD_CONFIG_DIR=$WORK/$lang/cfg HUDHUD_DATA_DIR=$WORK/$lang/data
    mkdir -p "$HUDHUD_CONFIG_DIR"
    cat > "$HUDHUD_CONFIG_DIR/config.toml" <<TOML
[settings]
default_account = "work"

[[account]]
name = "work"
display_name = "Layla Haddad"
email = "layla@example.com"
host = "127.0.0.1"
port = 9
security = "none"
auth = "none"
TOML
    # Buttons at their places in the 1000x680 window (mirrored in Arabic).
    if [ $lang = ar ]; then
        later=615 calendar=450 field=605
        link='mailto:omar@example.org?subject=%D9%85%D9%88%D8%B9%D8%AF%20%D8%A7%D9%84%D8%A7%D8%AC%D8%AA%D9%85%D8%A7%D8%B9&body=%D9%85%D8%B1%D8%AD%D8%A8%D8%A7%20%D8%B9%D9%85%D8%B1%D8%8C'
    else
        later=383 calendar=534 field=380
        link='mailto:omar@example.org?subject=Meeting&body=Hello%20Omar%2C'
    fi
    "$BIN" "$link" & APP=$!
    sleep 3
    xdotool windowfocus --sync "$(xdotool search --onlyvisible --name . | head -1)"
    click $later 647; sleep 1
    click $calendar 604; sleep 1
    click $field 604; xdotool key ctrl+a; xdotool type --delay 30 "$when"
    shot send-later-$lang 1.5
    kill $APP; wait $APP 2>/dev/null || true
done
rm -rf "$WORK"
