#!/bin/sh
# Compose with address chips (a named one, an Arabic one, an invalid one)
# and suggestions from an imported vCard for "سل", in English and Arabic.
# Needs: xvfb, xdotool, imagemagick. Usage: docs/screenshots/chips.sh [binary]
# A DNS server that does not answer keeps domain warnings out of the picture.
set -eu
BIN=${1:-target/release/hudhud}
OUT=${OUT:-docs/screenshots}
export DISPLAY=${DISPLAY_CHIPS:-:87}
export HUDHUD_DNS_SERVER=127.0.0.1:9
. "$(dirname "$0")/lib.sh"
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
    cat > $WORK/book.vcf <<VCF
BEGIN:VCARD
VERSION:3.0
FN:سلمى حداد
EMAIL:salma@example.net
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:سليم نجار
EMAIL:salim@example.com
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Omar Farouk
EMAIL:omar@example.org
END:VCARD
VCF
    "$BIN" contacts import $WORK/book.vcf >/dev/null
    link='mailto:Omar%20Farouk%20%3Comar@example.org%3E,%D9%86%D9%88%D8%B1%20%D8%AE%D9%84%D9%8A%D9%84%20%3Cnour@example.com%3E,team@example.org,bad@?subject=Chips'
    "$BIN" "$link" & APP=$!
    sleep 3
    xdotool windowfocus --sync "$(xdotool search --onlyvisible --name . | head -1)" || true
    if [ $lang = ar ]; then xdotool mousemove 420 95 click 1; else xdotool mousemove 830 70 click 1; fi
    sleep 1.5
    xdotool key Arabic_seen; sleep 1; xdotool key Arabic_lam; sleep 1
    shot compose-chips-$lang 1.5
    kill $APP; wait $APP 2>/dev/null || true
done
rm -rf "$WORK"
