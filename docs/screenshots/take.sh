#!/bin/sh
# Screenshots of the real window under Xvfb, in English and Arabic.
# Needs: xvfb, xdotool, imagemagick. Usage: docs/screenshots/take.sh [binary]
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
shot() { sleep "${2:-1.5}"; import -window root -crop 1000x680+0+0 "$OUT/$1.png"; }
click() { xdotool mousemove "$1" "$2" click 1; }

for lang in en ar; do
    export HUDHUD_LANG=$lang HUDHUD_CONFIG_DIR=$WORK/$lang/first HUDHUD_DATA_DIR=$WORK/$lang/first-data
    "$BIN" & APP=$!; shot first-run-$lang 2; kill $APP; wait $APP 2>/dev/null || true

    export HUDHUD_CONFIG_DIR=$WORK/$lang/cfg HUDHUD_DATA_DIR=$WORK/$lang/data
    mkdir -p "$HUDHUD_CONFIG_DIR"
    cat > "$HUDHUD_CONFIG_DIR/config.toml" <<TOML
[settings]
default_account = "work"
retry_first_secs = 300

[[account]]
name = "work"
display_name = "Layla Haddad"
email = "layla@example.com"
host = "127.0.0.1"
port = 9
security = "none"
auth = "none"
signature = "Layla Haddad · Hoopoe Books"
TOML
    # Nothing listens on port 9: these wait in the outbox for a retry.
    echo "Hello" | "$BIN" send --no-wait --to omar@example.org --subject "Quarterly report" >/dev/null 2>&1 || true
    echo "مرحبا" | "$BIN" send --no-wait --to salma@example.net --to team@example.org --subject "موعد الاجتماع" >/dev/null 2>&1 || true
    if [ $lang = ar ]; then
        link='mailto:omar@example.org,bad@?cc=team@example.org&subject=%D8%AA%D9%82%D8%B1%D9%8A%D8%B1%20%D8%A7%D9%84%D8%B1%D8%A8%D8%B9&body=%D9%85%D8%B1%D8%AD%D8%A8%D8%A7%20%D8%B9%D9%85%D8%B1%D8%8C%0D%0A%0D%0A%D8%A7%D9%84%D8%AA%D9%82%D8%B1%D9%8A%D8%B1%20%D9%85%D8%B1%D9%81%D9%82.'
        side=900
    else
        link='mailto:omar@example.org,bad@?cc=team@example.org&subject=Quarterly%20report&body=Hello%20Omar%2C%0D%0A%0D%0AThe%20report%20is%20attached.'
        side=100
    fi
    "$BIN" "$link" & APP=$!
    shot compose-$lang 2
    if [ $lang = ar ]; then
        # Mixed Arabic and English typed into the body, part of it selected
        # with Shift+Left from the start of the line.
        xdotool windowfocus --sync "$(xdotool search --onlyvisible --name . | head -1)"
        click 400 300; xdotool key ctrl+End Return
        xdotool type --delay 60 "التقرير الربعي Q3 report جاهز للمراجعة"
        xdotool key Home
        for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18; do xdotool key shift+Left; done
        shot editing-ar 1
    fi
    click $side 102; shot outbox-$lang 3
    click $side 218; shot settings-$lang
    kill $APP; wait $APP 2>/dev/null || true
done
rm -rf "$WORK"
