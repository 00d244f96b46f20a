# Sourced by the screenshot scripts: an X server of their own on $DISPLAY
# (1000x680 unless SIZE says otherwise), a scratch folder $WORK removed at
# the end, and the two things every script does to the window.
SIZE=${SIZE:-1000x680}
Xvfb "$DISPLAY" -noreset -screen 0 "${SIZE}x24" >/dev/null 2>&1 &
XVFB=$!
WORK=$(mktemp -d)
trap 'kill $XVFB; rm -rf "$WORK"' EXIT
sleep 1
shot() { sleep "${2:-1.5}"; import -window root -crop "$SIZE+0+0" "$OUT/$1.png"; }
click() { xdotool mousemove "$1" "$2" click 1; }
