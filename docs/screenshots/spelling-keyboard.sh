#!/bin/bash
# The spelling menu opened from the keyboard (Shift+F10) in a compose body, under
# Xvfb, in English or Arabic: docs/screenshots/spelling-keyboard.sh en "I recieve"
# or ... ar "مرحبا كتابب" [binary]. Needs xvfb, xdotool, imagemagick and the
# hunspell-en-us and hunspell-ar dictionaries.
set -u
LANGX=$1; TEXT=$2
BIN=$(realpath "${3:-target/debug/hudhud}")
OUT=$(dirname "$(realpath "$0")")
export DISPLAY=:157; [ -e /tmp/.X11-unix/X157 ] && { echo "display busy"; exit 1; }
Xvfb $DISPLAY -screen 0 1100x750x24 >/dev/null 2>&1 &
XVFB=$!
WORK=$(mktemp -d)
sleep 1
export HUDHUD_CONFIG_DIR=$WORK/cfg HUDHUD_DATA_DIR=$WORK/data HUDHUD_LANG=$LANGX
mkdir -p $HUDHUD_CONFIG_DIR $HUDHUD_DATA_DIR
cat > $HUDHUD_CONFIG_DIR/config.toml <<TOML
[settings]
default_account = "work"

[[account]]
name = "work"
email = "layla@example.com"
host = "127.0.0.1"
port = 9
security = "none"
auth = "none"
signature = "Layla Haddad"
TOML
$BIN >/dev/null 2>&1 &
APP=$!
for i in $(seq 60); do W=$(xdotool search --onlyvisible --pid $APP 2>/dev/null | head -1); [ -n "$W" ] && break; sleep 0.5; done
sleep 4
# Click in the body, type, open the menu at the caret.
xdotool windowfocus $W; xdotool mousemove --window $W 400 350 click 1
sleep 0.5
xdotool type --delay 60 "$TEXT"
sleep 1
xdotool key shift+F10
sleep 3
import -window root -crop 1000x680+0+0 +repage "$OUT/spelling-keyboard-$LANGX.png"
kill $APP; kill $XVFB; rm -rf $WORK
