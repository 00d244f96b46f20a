#!/bin/sh
# Screenshots of compose with a Markdown-style body: the editor, the
# Preview and Drafts, in English and Arabic, under Xvfb.
# Needs: xvfb, xdotool, imagemagick, python3.
# Usage: docs/screenshots/take-writing.sh [binary]
set -eu
BIN=${1:-target/release/hudhud}
OUT=${OUT:-docs/screenshots}
export DISPLAY=${WRITING_DISPLAY:-:58}
if ! xdpyinfo >/dev/null 2>&1; then
    Xvfb "$DISPLAY" -screen 0 1000x680x24 >/dev/null 2>&1 &
    XVFB=$!
    trap 'kill $XVFB' EXIT
    sleep 1
fi
WORK=$(mktemp -d)
shot() { sleep "${2:-1.5}"; import -window root -crop 1000x680+0+0 "$OUT/$1.png"; }
# Buttons at their places in the 1000x680 window (mirrored in Arabic).
click() { xdotool mousemove "$1" "$2" click 1; }
link() {
    python3 -c 'import sys, urllib.parse as u; print("mailto:omar@example.org?subject=" + u.quote(sys.argv[1]) + "&body=" + u.quote(sys.argv[2]))' "$1" "$2"
}
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
    if [ $lang = ar ]; then
        preview=425 later=620 drafts=350 template=75 aside=198
        subject="التقرير الربعي"
        body='مرحبا **عمر**،

التقرير *الربعي* جاهز، وفيه:

- الإيرادات ارتفعت 12%
- التكاليف **ثابتة**

> الأرقام نهائية ومراجَعة.

التفاصيل في [موقعنا](https://example.org)، والملف `report.pdf` مرفق.'
    else
        preview=575 later=378 drafts=660 template=438 aside=296
        subject="Quarterly report"
        body='Hello **Omar**,

The *quarterly report* is ready. In short:

- revenue up 12%
- costs **flat**

> The numbers are final and reviewed.

Details on [our site](https://example.org); the file is `report.pdf`.'
    fi
    "$BIN" "$(link "$subject" "$body")" & APP=$!
    sleep 2
    shot markdown-$lang 0
    click $preview 647; shot markdown-preview-$lang 1
    # Send later (send-later-*.png) is taken by send-later.sh, picker open.
    click $preview 647; click $drafts 647; sleep 1
    click $template 185; sleep 1; click $aside 226; shot drafts-$lang 1.5
    kill $APP; wait $APP 2>/dev/null || true
done
rm -rf "$WORK"
