#!/bin/sh
# Compose with attachments (an Arabic file name, a picture, a PDF), the total
# against the server's limit, then the in-window file chooser that opens when
# the desktop has no file dialog; in English and Arabic.
# Needs: xvfb, xdotool, imagemagick. Usage: docs/screenshots/attach.sh [binary]
set -eu
BIN=$(realpath "${1:-target/release/hudhud}")
OUT=${OUT:-docs/screenshots}
export DISPLAY=${DISPLAY_ATTACH:-:86}
export HUDHUD_DNS_SERVER=127.0.0.1:9
# No portal and no zenity or kdialog: the chooser in the window.
export HUDHUD_NO_PORTAL=1 PATH=/usr/bin/nothing-here:/bin
. "$(dirname "$0")/lib.sh"
for lang in ${LANGS:-en ar}; do
    export HUDHUD_LANG=$lang HUDHUD_CONFIG_DIR=$WORK/$lang/cfg HUDHUD_DATA_DIR=$WORK/$lang/data
    export HOME=$WORK/$lang/home
    mkdir -p "$HUDHUD_CONFIG_DIR" "$HUDHUD_DATA_DIR/drafts" "$HUDHUD_DATA_DIR/limits" "$HOME/Documents" "$HOME/Pictures"
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
    # What the server announced (SIZE) when the worker last connected.
    printf '10485760\nwork' > "$HUDHUD_DATA_DIR/limits/work"
    head -c 12400 /dev/zero | tr '\0' 'x' > "$HOME/Documents/ملاحظات.txt"
    convert -size 1600x1000 gradient:skyblue-khaki -quality 95 "$HOME/Pictures/beach.jpg"
    head -c 356000 /dev/urandom > "$HOME/Documents/Quarterly report.pdf"
    head -c 5000 /dev/urandom > "$HOME/Documents/تقرير الربع.xlsx"
    cat > "$HUDHUD_DATA_DIR/drafts/current.json" <<JSON
{"to":["omar@example.org"],"cc":[],"bcc":[],"subject":"Notes and photos","body":"Hello Omar,\n\nThe notes and the photo from Saturday are attached.\n","attachments":["$HOME/Documents/ملاحظات.txt","$HOME/Pictures/beach.jpg","$HOME/Documents/Quarterly report.pdf"]}
JSON
    "$BIN" & APP=$!
    sleep 3
    xdotool windowfocus --sync "$(xdotool search --onlyvisible --name . | head -1)" || true
    shot compose-attachments-$lang 1
    # Attach files…, into Documents, two files chosen (places by language).
    if [ $lang = ar ]; then clicks="487,647 690,201 690,201 690,234"; else clicks="513,648 313,201 313,201 313,234"; fi
    for at in $clicks; do
        xdotool mousemove "${at%,*}" "${at#*,}" click 1
        sleep 1.5
    done
    xdotool mousemove 500 400
    shot attach-chooser-$lang 1
    kill $APP; wait $APP 2>/dev/null || true
done
rm -rf "$WORK"
