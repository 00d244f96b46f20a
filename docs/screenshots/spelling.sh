#!/bin/sh
# Spell checking under Xvfb: a misspelt English and Arabic word underlined
# and the suggestion menu open, in English (on "reprot") and Arabic (on
# "مرفقق"). Needs xvfb, xdotool, imagemagick, hunspell-en-us, hunspell-ar.
# Usage: docs/screenshots/spelling.sh [binary]
set -eu
BIN=${1:-target/release/hudhud}
OUT=${OUT:-docs/screenshots}
export DISPLAY=${DISPLAY:-:99}
if ! xdpyinfo >/dev/null 2>&1; then
    Xvfb "$DISPLAY" -screen 0 1000x680x24 >/dev/null 2>&1 &
    XVFB=$!
    trap 'kill $XVFB' EXIT
    sleep 1
fi
WORK=$(mktemp -d)
link=$(python3 -c 'import urllib.parse as u; print("mailto:omar@example.org?subject="+u.quote("Quartely report")+"&body="+u.quote("Hello Omar,\r\n\r\nThe quarterly reprot is attached.\r\nمرحبا عمر، التقرير الربعي مرفقق بهذه الرسالة.\r\n"))')
for lang in en ar; do
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
    "$BIN" "$link" & APP=$!
    sleep 4
    # Right-click the misspelt word; the menu fills in with suggestions.
    if [ $lang = en ]; then xdotool mousemove 363 219 click 3; else xdotool mousemove 586 239 click 3; fi
    sleep 1.5
    if [ $lang = en ]; then xdotool mousemove 380 245; else xdotool mousemove 520 262; fi
    sleep 0.5
    import -window root -crop 1000x680+0+0 "$OUT/spelling-$lang.png"
    kill $APP; wait $APP 2>/dev/null || true
done
rm -rf "$WORK"
