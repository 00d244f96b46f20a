#!/usr/bin/env bash
# Packaging checks: desktop integration metadata, the Flatpak/Windows/macOS
# definitions as far as local tools go, then the Linux packages for real:
# - hudhud-cli (the server package): no GUI dependency in `dpkg -I`, the
#   binary links none, installed on this machine with its system user;
# - hudhud-cli-mta: /usr/sbin/sendmail; `mail` and `sendmail` as root queue
#   into the machine's outbox and the system unit's daemon delivers to the
#   Postfix+Dovecot peer (OAuth2 through a token command: no password
#   anywhere); then purged. It conflicts with every other MTA, Postfix
#   included, which the test peers need: that part runs in a throwaway
#   overlay of this machine's root (see `mta_round_trip`);
# - hudhud (the desktop package) on top of it: window under Xvfb, mailto;
# - purge of both leaves no file, the system user expired;
# - the .rpm's file lists, requires and scripts.
#
# Runs from the repo root (or anywhere: it cds there), as root on Debian 12,
# after .ci/run's packages. Installs what else it needs with apt-get and
# `cargo install --locked`. Note: `cargo deb` builds the release binaries.
# Uses the Postfix peer of $HUDHUD_POSTFIX_DIR (.ci/run starts it), or starts
# one with tests/peers/postfix_dovecot.sh.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

started=$SECONDS
section() { printf '\n==== %s (at %ds) ====\n' "$*" "$((SECONDS - started))"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

app_id=org.hudhud.Hudhud
linux=packaging/linux
icon_sizes=(16 24 32 48 64 128 256 512)

if ! command -v cargo >/dev/null && [[ -x "$HOME/.cargo/bin/cargo" ]]; then
    PATH="$HOME/.cargo/bin:$PATH"
fi
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
metadata=$(cargo metadata --format-version 1 --no-deps --offline)
version=$(python3 -c 'import json,sys; print([p for p in json.load(sys.stdin)["packages"] if p["name"]=="hudhud"][0]["version"])' <<<"$metadata")
# Where cargo-deb and cargo-generate-rpm write (CARGO_TARGET_DIR if set).
target_dir=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' <<<"$metadata")
echo "hudhud version from Cargo.toml: $version; target dir: $target_dir"

# Processes this script starts; killed by PID on exit.
xvfb_pid=""
app_pid=""
own_peer=""
tmp=$(mktemp -d -t hudhud-pkg-check.XXXXXX)
cleanup() {
    [[ -n "$app_pid" ]] && kill "$app_pid" 2>/dev/null || true
    [[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null || true
    [[ -n "$own_peer" ]] && tests/peers/postfix_dovecot.sh stop "$own_peer" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT

# ---------------------------------------------------------------------------
section "System packages"
if [[ $(id -u) -ne 0 ]]; then
    fail "run as root (it installs and removes the .deb)"
fi
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-q -o DPkg::Lock::Timeout=600)
need=(desktop-file-utils appstream rpm xdg-utils python3 python3-yaml
      librsvg2-bin icoutils icnsutils xvfb xdotool
      binutils systemd bsd-mailx)   # readelf; systemd-analyze; mail(1)
missing=()
for p in "${need[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
    apt-get "${apt_opts[@]}" update
    apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}"
else
    echo "all present: ${need[*]}"
fi

# ---------------------------------------------------------------------------
section "Icons are generated from the one SVG and up to date"
for s in "${icon_sizes[@]}"; do
    png="$linux/icons/hicolor/${s}x${s}/apps/$app_id.png"
    [[ -f "$png" ]] || fail "$png missing (run packaging/linux/make-icons.sh)"
    python3 - "$png" "$s" <<'PY'
import struct, sys
path, size = sys.argv[1], int(sys.argv[2])
with open(path, "rb") as f:
    head = f.read(24)
assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
w, h = struct.unpack(">II", head[16:24])
assert (w, h) == (size, size), f"{path}: {w}x{h}, expected {size}x{size}"
PY
done
cmp -s assets/icons/hudhud.svg "$linux/icons/hicolor/scalable/apps/$app_id.svg" ||
    fail "scalable icon differs from assets/icons/hudhud.svg (run make-icons.sh)"
file packaging/windows/hudhud.ico | grep -q 'MS Windows icon' || fail "hudhud.ico is not an icon"
icns2png -l packaging/macos/hudhud.icns >/dev/null || fail "hudhud.icns does not parse"
echo "icons ok"

# ---------------------------------------------------------------------------
section "desktop-file-validate"
out=$(desktop-file-validate "$linux/$app_id.desktop" 2>&1) || { echo "$out"; fail "desktop-file-validate"; }
[[ -z "$out" ]] || { echo "$out"; fail "desktop-file-validate has warnings"; }
grep -qx 'Exec=hudhud %u' "$linux/$app_id.desktop" || fail "Exec line"
grep -qx 'MimeType=x-scheme-handler/mailto;' "$linux/$app_id.desktop" || fail "MimeType line"
grep -q '^Name\[ar\]=' "$linux/$app_id.desktop" || fail "no Arabic Name"
grep -q '^Comment\[ar\]=' "$linux/$app_id.desktop" || fail "no Arabic Comment"
echo "desktop file ok"

section "appstreamcli validate --no-net"
out=$(appstreamcli validate --no-net "$linux/$app_id.metainfo.xml" 2>&1) || { echo "$out"; fail "appstreamcli validate"; }
echo "$out"
if grep -qE '^[EW]:' <<<"$out"; then fail "appstreamcli reports errors or warnings"; fi

# ---------------------------------------------------------------------------
section "XML, plist and YAML definitions"
python3 - "$version" <<'PY'
import os, plistlib, re, sys
import xml.dom.minidom
import yaml

version = sys.argv[1]
def check(cond, msg):
    if not cond:
        sys.exit("FAIL: " + msg)

# XML well-formed
for path in ["packaging/linux/org.hudhud.Hudhud.metainfo.xml",
             "packaging/windows/hudhud.wxs"]:
    xml.dom.minidom.parse(path)
    print("well-formed:", path)

# WiX: files it names exist (relative to the repo root, where candle runs)
wxs = open("packaging/windows/hudhud.wxs", encoding="utf-8").read()
for src in re.findall(r'Source="([^"$]+)"', wxs):
    check(os.path.exists(src), f"hudhud.wxs names {src}, missing")
    print("  wxs source exists:", src)

# Windows version resource, icon
rc = open("packaging/windows/hudhud.rc", encoding="utf-8").read()
check("VS_VERSION_INFO" in rc, "hudhud.rc has no VERSIONINFO")
check(f'"ProductVersion",   "{version}"' in rc, f"hudhud.rc ProductVersion is not {version}")
check("FILEVERSION     " + version.replace(".", ",") + ",0" in rc, f"hudhud.rc FILEVERSION is not {version}")
for src in re.findall(r'ICON\s+"([^"]+)"', rc):
    check(os.path.exists(os.path.join("packaging/windows", src)), f"hudhud.rc names {src}, missing")

# macOS Info.plist
with open("packaging/macos/Info.plist", "rb") as f:
    pl = plistlib.load(f)
check(pl["CFBundleIdentifier"] == "org.hudhud.Hudhud", "CFBundleIdentifier")
check(pl["CFBundleExecutable"] == "hudhud", "CFBundleExecutable")
check(pl["CFBundleShortVersionString"] == version, f"Info.plist version {pl['CFBundleShortVersionString']} != {version}")
schemes = [s for t in pl.get("CFBundleURLTypes", []) for s in t.get("CFBundleURLSchemes", [])]
check("mailto" in schemes, "Info.plist does not register mailto")
check(os.path.exists("packaging/macos/" + pl["CFBundleIconFile"]), "icns named in Info.plist missing")
print("Info.plist ok: mailto registered, version", version)

# Flatpak manifest: parses, id consistent, files it names exist
man_path = "packaging/flatpak/org.hudhud.Hudhud.yml"
with open(man_path, encoding="utf-8") as f:
    man = yaml.safe_load(f)
check(man["app-id"] == "org.hudhud.Hudhud", "flatpak app-id")
check(man["command"] == "hudhud", "flatpak command")
args = man["finish-args"]
for a in ["--share=network", "--socket=wayland", "--socket=fallback-x11",
          "--talk-name=org.freedesktop.secrets"]:
    check(a in args, f"finish-args lacks {a}")
check(not any(a.startswith("--filesystem") for a in args),
      "finish-args grants filesystem access (the file chooser goes through the portal)")
base = os.path.dirname(man_path)
named = 0
for mod in man["modules"]:
    if isinstance(mod, str):
        check(os.path.exists(os.path.join(base, mod)), f"module file {mod} missing"); named += 1
        continue
    for src in mod.get("sources", []):
        if src == "cargo-sources.json":
            print("  cargo-sources.json: generated by flatpak-cargo-generator (documented), not committed")
            continue
        if isinstance(src, str):
            check(os.path.exists(os.path.join(base, src)), f"source file {src} missing"); named += 1
        elif src.get("type") in ("dir", "file", "patch") and "path" in src:
            check(os.path.exists(os.path.join(base, src["path"])), f"source {src['path']} missing"); named += 1
        # generated-sources.json is made by flatpak-cargo-generator (see README)
print(f"flatpak manifest ok: {named} local paths exist")
PY
[[ -x packaging/macos/make-dmg.sh ]] || fail "packaging/macos/make-dmg.sh not executable"
bash -n packaging/macos/make-dmg.sh
bash -n packaging/linux/make-icons.sh

# ---------------------------------------------------------------------------
section "cargo-deb and cargo-generate-rpm"
command -v cargo-deb >/dev/null || cargo install --locked cargo-deb
command -v cargo-generate-rpm >/dev/null || cargo install --locked cargo-generate-rpm
cargo deb --version
cargo generate-rpm --version || true

# Package file names and relations, used below.
deb_dir=$target_dir/debian
rpm_dir=$target_dir/generate-rpm
pin="hudhud-cli (= $version-1)"
# What a server package must not pull in: window system, toolkit, GPU, fonts.
gui_re='x11|xcb|xkb|wayland|gtk|gdk|xcursor|libxi[0-9]|libxrandr|libxext|libgl|libegl|vulkan|fontconfig|freetype|cairo|pango'
apt_purge() {
    local present=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q ' installed$' && present+=("$p")
    done
    ((${#present[@]} == 0)) || apt-get "${apt_opts[@]}" remove --purge -y "${present[@]}"
}

section "cargo deb: hudhud-cli, hudhud-cli-mta, hudhud (builds the release binaries)"
rm -f "$deb_dir"/hudhud_*.deb "$deb_dir"/hudhud-cli_*.deb "$deb_dir"/hudhud-cli-mta_*.deb
cargo deb -p hudhud-cli
cargo deb -p hudhud-cli --variant mta --no-build
cargo deb
one() {
    local found=("$@")
    ((${#found[@]} == 1)) && [[ -f "${found[0]}" ]] || fail "expected one package, got: ${found[*]}"
    echo "${found[0]}"
}
cli_deb=$(one "$deb_dir"/hudhud-cli_"$version"-1_*.deb)
mta_deb=$(one "$deb_dir"/hudhud-cli-mta_"$version"-1_*.deb)
deb=$(one "$deb_dir"/hudhud_"$version"-1_*.deb)

section "hudhud-cli: dpkg -I (no X11, Wayland, GTK or xkb)"
dpkg-deb --info "$cli_deb"
dpkg-deb --contents "$cli_deb"
relations=$(dpkg-deb -f "$cli_deb" Depends Pre-Depends Recommends)
if grep -Eiq "$gui_re" <<<"$relations"; then fail "hudhud-cli depends on a GUI library: $relations"; fi
# The same test on the desktop package must find them: the pattern is not blind.
grep -Eiq "$gui_re" <<<"$(dpkg-deb -f "$deb" Depends)" || fail "the GUI pattern misses the desktop package's X11 dependencies"
needed=$(readelf -d "$target_dir/release/hudhud-cli" | awk '/NEEDED/ {print $NF}' | tr -d '[]')
echo "hudhud-cli links: $(echo $needed)"
if grep -Eiq "$gui_re" <<<"$needed"; then fail "hudhud-cli links a GUI library: $needed"; fi
echo "no GUI dependency in Depends/Recommends, none linked"

section "hudhud-cli-mta: /usr/sbin/sendmail as msmtp-mta and nullmailer do"
dpkg-deb --info "$mta_deb"
dpkg-deb --contents "$mta_deb" | tee "$tmp/mta-contents"
for field in Provides Conflicts Replaces; do
    [[ "$(dpkg-deb -f "$mta_deb" "$field")" == mail-transport-agent ]] || fail "hudhud-cli-mta $field is not mail-transport-agent"
done
[[ "$(dpkg-deb -f "$mta_deb" Depends)" == "$pin" ]] || fail "hudhud-cli-mta must depend on $pin (the workspace version)"
grep -q '\./usr/sbin/sendmail -> \.\./libexec/hudhud/sendmail$' "$tmp/mta-contents" || fail "no /usr/sbin/sendmail link"
grep -q '\./usr/lib/sendmail -> \.\./sbin/sendmail$' "$tmp/mta-contents" || fail "no /usr/lib/sendmail link"
grep -qF "$pin" <<<"$(dpkg-deb -f "$deb" Depends)" || fail "the desktop package must depend on $pin"
if dpkg-deb --contents "$deb" | grep -q 'hudhud-daemon.service\|sendmail'; then
    fail "the desktop package ships a unit or sendmail: they are hudhud-cli's"
fi

section "systemd units"
systemd-analyze verify "$linux/system/hudhud-daemon.service" 2>&1 | grep -v 'hudhud-cli.*No such file' | tee "$tmp/verify" || true
if grep -q . "$tmp/verify"; then fail "systemd-analyze verify: the system unit"; fi
grep -qx 'User=hudhud' "$linux/system/hudhud-daemon.service" || fail "system unit: User=hudhud"
grep -qx 'ExecStart=/usr/bin/hudhud-cli daemon' "$linux/hudhud-daemon.service" || fail "user unit: ExecStart"

# ---------------------------------------------------------------------------
section "apt-get install ./hudhud-cli (the server package alone)"
apt_purge hudhud hudhud-cli-mta hudhud-cli
apt-get "${apt_opts[@]}" install -y "$cli_deb"
dpkg -L hudhud-cli > "$tmp/cli-files"
out=$(/usr/bin/hudhud-cli --version)
echo "$out"
grep -qF "$version" <<<"$out" || fail "hudhud-cli --version does not print $version"
for f in /usr/bin/hudhud-cli /usr/libexec/hudhud/sendmail \
         /usr/lib/systemd/system/hudhud-daemon.service /usr/lib/systemd/user/hudhud-daemon.service \
         /usr/share/doc/hudhud-cli/README.md /usr/share/doc/hudhud-cli/copyright; do
    [[ -f "$f" ]] || fail "$f not installed"
done
IFS=: read -r _ _ uid _ _ home shell < <(getent passwd hudhud) || fail "no system user hudhud"
((uid < 1000)) || fail "hudhud is not a system user (uid $uid)"
[[ "$home" == /var/lib/hudhud && "$shell" == /usr/sbin/nologin ]] || fail "hudhud: home $home, shell $shell"
[[ "$(stat -c '%U:%G %a' /var/lib/hudhud)" == "hudhud:hudhud 700" ]] || fail "/var/lib/hudhud: $(stat -c '%U:%G %a' /var/lib/hudhud)"
[[ "$(getent shadow hudhud | cut -d: -f8)" == "" ]] || fail "hudhud's account is expired after install"
systemd-analyze verify /usr/lib/systemd/system/hudhud-daemon.service
echo "system user hudhud (uid $uid), /var/lib/hudhud 0700, units verified"
# Without hudhud-cli-mta the machine's sendmail is untouched.
if [[ -e /usr/sbin/sendmail ]] && dpkg -S /usr/sbin/sendmail | grep -q hudhud; then
    fail "hudhud-cli alone took /usr/sbin/sendmail"
fi

# Runs a command as the system user, in the environment the system unit gives it.
as_hudhud() {
    (cd /var/lib/hudhud && setpriv --reuid=hudhud --regid=hudhud --init-groups \
        env -i HOME=/var/lib/hudhud PATH=/usr/bin:/bin LANG=C.UTF-8 "$@")
}

section "the machine's account: no keychain for a system user, a token command instead"
# A password has nowhere to go: the system user has no Secret Service, and
# Hudhud writes no password to a file. It must say so and store nothing.
if out=$(printf 'not-saved-anywhere' | as_hudhud /usr/bin/hudhud-cli account add pw --email layla@example.test \
        --host 127.0.0.1 --port 10587 --security starttls --password-stdin 2>&1); then
    fail "account add with a password succeeded without a keychain: $out"
fi
echo "$out"
grep -qi keychain <<<"$out" || fail "the refusal does not name the keychain"
if grep -rqs 'not-saved-anywhere' /var/lib/hudhud; then fail "the password was written under /var/lib/hudhud"; fi
if as_hudhud /usr/bin/hudhud-cli account list 2>/dev/null | grep -qw pw; then fail "the password account was kept"; fi

if [[ -z "${HUDHUD_POSTFIX_DIR:-}" ]]; then
    own_peer=$tmp/peer
    tests/peers/postfix_dovecot.sh start "$own_peer"
    HUDHUD_POSTFIX_DIR=$own_peer
fi
# shellcheck disable=SC1091
source "$HUDHUD_POSTFIX_DIR/peer.env"
maildir=$HUDHUD_POSTFIX_DIR/mail/layla
[[ -d "$maildir" && -n "${HUDHUD_OAUTH_ISSUER:-}" ]] || fail "no Postfix peer at $HUDHUD_POSTFIX_DIR"
# What the user hudhud may read: the peer's CA and the token command (a
# stand-in for pizauth/oama: it asks the test authorization server for an
# access token and prints it). The .debs go there too, for the sandbox.
shared=$(mktemp -d /tmp/hudhud-pkg-shared.XXXXXX)
trap 'cleanup; rm -rf "$shared"' EXIT
chmod 755 "$shared"
install -m 644 "$HUDHUD_POSTFIX_DIR/ca.pem" "$shared/ca.pem"
cat >"$shared/token" <<EOF
#!/usr/bin/python3
import json, urllib.request
request = urllib.request.Request("$HUDHUD_OAUTH_ISSUER/control/mint",
    data=json.dumps({"user": "layla@example.test"}).encode(),
    headers={"Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(request))["access_token"])
EOF
chmod 755 "$shared/token"
cp "$cli_deb" "$mta_deb" "$shared/"
as_hudhud /usr/bin/hudhud-cli account add machine --email layla@example.test \
    --host 127.0.0.1 --port 10587 --security starttls --ca-file "$shared/ca.pem" \
    --auth oauth2-command --token-command "$shared/token"
as_hudhud /usr/bin/hudhud-cli account list
[[ -f /var/lib/hudhud/.config/hudhud/config.toml ]] || fail "the account is not in /var/lib/hudhud/.config/hudhud"

# ---------------------------------------------------------------------------
section "hudhud-cli-mta round trip (in a throwaway overlay of this machine)"
# Installing hudhud-cli-mta removes Postfix (Conflicts: mail-transport-agent),
# and the test peers run on Postfix's programs. So this part runs with the
# machine's own root filesystem under a private overlay (its writes go to a
# tmpfs), in its own mount and PID namespaces: the same dpkg, apt and
# packages, the network (and the peer) shared, every change gone at the end.
# policy-rc.d keeps removed packages from stopping the machine's services.
stamp=$(date +%s)-$$
overlay=$tmp/overlay
mkdir "$overlay"
export shared maildir stamp overlay
cat >"$shared/outer.sh" <<'EOF'
set -euo pipefail
root=$overlay
mount -t tmpfs -o mode=755 hudhud-overlay "$root"
mkdir "$root/upper" "$root/work" "$root/merged"
mount -t overlay overlay -o "lowerdir=/,upperdir=$root/upper,workdir=$root/work" "$root/merged"
m=$root/merged
mount -t proc proc "$m/proc"
mount --rbind /dev "$m/dev"
mount -t tmpfs tmpfs "$m/run"
mount -t tmpfs tmpfs "$m/tmp"
for d in "$shared" "$maildir"; do mkdir -p "$m$d"; mount --bind "$d" "$m$d"; done
printf '#!/bin/sh\nexit 101\n' >"$m/usr/sbin/policy-rc.d"
chmod 755 "$m/usr/sbin/policy-rc.d"
exec chroot "$m" /bin/bash "$shared/inner.sh"
EOF
cat >"$shared/inner.sh" <<'EOF'
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin
as_hudhud() {
    (cd /var/lib/hudhud && setpriv --reuid=hudhud --regid=hudhud --init-groups \
        env -i HOME=/var/lib/hudhud PATH=/usr/bin:/bin LANG=C.UTF-8 "$@")
}
# The Maildir file holding TEXT, if one does.
delivered() {
    local found
    found=$(grep -rlsF -- "$1" "$maildir/new" "$maildir/cur") || return 1
    echo "${found%%$'\n'*}"
}
wait_for() {  # seconds, command...
    local n=$(($1 * 4)); shift
    for _ in $(seq "$n"); do "$@" >/dev/null && return 0; sleep 0.25; done
    return 1
}

apt-get -q install -y "$shared"/hudhud-cli-mta_*.deb
mtas=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package} ${Provides}\n' | awk '/^ii/ && /mail-transport-agent/ {print $2}')
[[ "$mtas" == hudhud-cli-mta ]] || fail "mail transport agents installed: $mtas"
[[ "$(dpkg -S /usr/sbin/sendmail)" == "hudhud-cli-mta: /usr/sbin/sendmail" ]] || fail "/usr/sbin/sendmail: $(dpkg -S /usr/sbin/sendmail)"
for f in /usr/sbin/sendmail /usr/lib/sendmail; do
    [[ "$(readlink -f "$f")" == /usr/libexec/hudhud/sendmail ]] || fail "$f -> $(readlink -f "$f")"
done
echo "hudhud-cli-mta is the only MTA; /usr/sbin/sendmail and /usr/lib/sendmail lead to Hudhud"

# 1. mail(1) as root: queued in the machine's outbox, sent at once by the
#    background flush sendmail starts.
subject1="hudhud package check via mail $stamp"
printf 'Disk almost full on %s.\n' "$(hostname)" | mail -s "$subject1" layla@example.test
wait_for 60 delivered "$subject1" || { as_hudhud hudhud-cli outbox list || true; fail "'$subject1' did not arrive"; }
file=$(delivered "$subject1")
grep -q '^Return-Path: <layla@example.test>' "$file" || fail "envelope sender is not the machine account's"
echo "mail(1) -> /usr/sbin/sendmail -> outbox of hudhud -> Postfix: $file"
# Until the flush of message 1 has exited, it could take message 2 too.
wait_for 30 bash -c '! pgrep -u hudhud -x hudhud-cli >/dev/null' || fail "the background flush did not end"

# 2. sendmail -t -odq as root: only queued, then the daemon of the system
#    unit (its User, Environment, WorkingDirectory and ExecStart) sends it.
subject2="hudhud package check via sendmail -odq $stamp"
printf 'To: layla@example.test\nSubject: %s\n\nRAID degraded.\n' "$subject2" | /usr/sbin/sendmail -t -odq
as_hudhud hudhud-cli outbox list --json | tee /tmp/outbox
grep -qF "$subject2" /tmp/outbox || fail "'$subject2' is not in the machine's outbox"
sleep 1
[[ -z "$(delivered "$subject2")" ]] || fail "-odq delivered at once"
unit=/usr/lib/systemd/system/hudhud-daemon.service
user=$(sed -n 's/^User=//p' "$unit")
envs=$(sed -n 's/^Environment=//p' "$unit")
wd=$(sed -n 's/^WorkingDirectory=//p' "$unit")
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
# shellcheck disable=SC2086
(cd "$wd" && exec setpriv --reuid="$user" --regid="$user" --init-groups env -i PATH=/usr/bin:/bin $envs $exec_start) &
daemon=$!
wait_for 60 delivered "$subject2" || { as_hudhud hudhud-cli outbox list || true; fail "the daemon did not deliver '$subject2'"; }
kill -TERM "$daemon"; wait "$daemon" || true
echo "sendmail -t -odq -> queued -> the system unit's daemon -> Postfix: $(delivered "$subject2")"
as_hudhud hudhud-cli sent list --json | tee /tmp/sent
for s in "$subject1" "$subject2"; do grep -qF "$s" /tmp/sent || fail "'$s' not in the sent history"; done
# Two sign-ins, and no token in the config, the outbox, the transcripts or
# the history: neither as the test server's "at-..." nor inside XOAUTH2's
# base64 ("user=layla@example.test\x01auth=Bearer ...").
if grep -rqsaE 'at-[A-Za-z0-9_-]{20}|dXNlcj1sYXlsYUBleGFtcGxl' /var/lib/hudhud; then
    fail "an access token was written under /var/lib/hudhud"
fi

# 3. Removal gives sendmail back: no link, no alternative, no file.
apt-get -q remove --purge -y hudhud-cli-mta
for f in /usr/sbin/sendmail /usr/lib/sendmail; do
    if [[ -e "$f" || -L "$f" ]]; then fail "$f left after purging hudhud-cli-mta"; fi
done
if update-alternatives --query sendmail >/dev/null 2>&1; then fail "a sendmail alternative is registered"; fi
if dpkg -S sendmail 2>/dev/null | grep -q hudhud-cli-mta; then fail "dpkg still knows hudhud-cli-mta's files"; fi
dpkg-query -W -f='${Status}' hudhud-cli | grep -q ' installed$' || fail "purging hudhud-cli-mta took hudhud-cli"
echo "hudhud-cli-mta purged: no sendmail left, hudhud-cli stays"
EOF
unshare --mount --pid --fork --propagation private bash "$shared/outer.sh"
# The machine itself never saw any of it.
dpkg-query -W -f='${Status}' hudhud-cli-mta 2>/dev/null | grep -q ' installed$' && fail "hudhud-cli-mta installed on the machine"
if dpkg-query -W -f='${Status}' postfix 2>/dev/null | grep -q ' installed$'; then
    [[ "$(dpkg -S /usr/sbin/sendmail)" == "postfix: /usr/sbin/sendmail" ]] || fail "the machine's sendmail changed"
    echo "the machine keeps Postfix and its /usr/sbin/sendmail"
fi
if grep -rqsF "$stamp" /var/lib/hudhud; then fail "the overlay's outbox leaked into the machine's /var/lib/hudhud"; fi

# ---------------------------------------------------------------------------
section "apt-get install ./hudhud (the desktop package, on hudhud-cli)"
apt-get "${apt_opts[@]}" install -y "$deb"
dpkg -L hudhud > "$tmp/files"

out=$(/usr/bin/hudhud --version)
echo "$out"
grep -qF "$version" <<<"$out" || fail "/usr/bin/hudhud --version does not print $version"

for f in /usr/share/applications/$app_id.desktop \
         /usr/share/metainfo/$app_id.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/$app_id.svg \
         /usr/share/doc/hudhud/copyright; do
    [[ -f "$f" ]] || fail "$f not installed"
done
for s in "${icon_sizes[@]}"; do
    [[ -f /usr/share/icons/hicolor/${s}x${s}/apps/$app_id.png ]] || fail "${s}px icon not installed"
done
desktop-file-validate /usr/share/applications/$app_id.desktop
[[ "$(dpkg -S /usr/lib/systemd/user/hudhud-daemon.service)" == "hudhud-cli: /usr/lib/systemd/user/hudhud-daemon.service" ]] ||
    fail "the user unit should come from hudhud-cli alone"
echo "desktop file, metainfo, icons, copyright installed; the user unit is hudhud-cli's"
section "mailto registration (xdg-mime)"
# A throwaway HOME for xdg-mime's mimeapps.list; the generic (no desktop) path.
mkdir -p "$tmp/home/.config"
xdg_env=(env -u XDG_CURRENT_DESKTOP -u DESKTOP_SESSION HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config")
"${xdg_env[@]}" xdg-mime default $app_id.desktop x-scheme-handler/mailto
handler=$("${xdg_env[@]}" xdg-mime query default x-scheme-handler/mailto)
echo "x-scheme-handler/mailto -> $handler"
[[ "$handler" == "$app_id.desktop" ]] || fail "mailto handler is '$handler'"

section "installed binary opens its window under Xvfb"
# A display number nobody else uses: Xvfb picks it and writes it on fd 3.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [[ -s "$tmp/display" ]] && break; sleep 0.1; done
[[ -s "$tmp/display" ]] || { cat "$tmp/xvfb.log"; fail "Xvfb did not start"; }
display=":$(tr -d '[:space:]' <"$tmp/display")"
mkdir -p "$tmp/config" "$tmp/data"
env -u WAYLAND_DISPLAY DISPLAY="$display" HUDHUD_CONFIG_DIR="$tmp/config" HUDHUD_DATA_DIR="$tmp/data" \
    /usr/bin/hudhud >"$tmp/app.log" 2>&1 &
app_pid=$!
sleep 3
if ! kill -0 "$app_pid" 2>/dev/null; then
    cat "$tmp/app.log"; app_pid=""; fail "hudhud exited within 3 s"
fi
windows=$(DISPLAY="$display" xdotool search --name Hudhud || true)
[[ -n "$windows" ]] || { cat "$tmp/app.log"; fail "no window named Hudhud"; }
echo "window(s): $windows; name: $(DISPLAY="$display" xdotool getwindowname "${windows%%$'\n'*}")"
kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
kill "$xvfb_pid"; wait "$xvfb_pid" 2>/dev/null || true; xvfb_pid=""

section "apt-get remove --purge hudhud hudhud-cli leaves nothing"
apt-get "${apt_opts[@]}" remove --purge -y hudhud hudhud-cli
for p in hudhud hudhud-cli hudhud-cli-mta; do
    ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q ' installed$' || fail "$p still installed"
done
left=0
while read -r f; do
    [[ -d "$f" ]] && continue   # shared directories (/usr/share/icons/...) stay
    if [[ -e "$f" || -L "$f" ]]; then echo "left behind: $f"; left=1; fi
done < <(cat "$tmp/files" "$tmp/cli-files")
for d in /var/lib/hudhud /usr/libexec/hudhud /usr/share/doc/hudhud-cli; do
    if [[ -e "$d" ]]; then echo "left behind: $d"; left=1; fi
done
((left == 0)) || fail "files left after purge"
# Debian keeps a purged package's system user (its uid must not be reused)
# but no one can use it: expired, and it owns nothing.
getent passwd hudhud >/dev/null || fail "the system user hudhud was deleted (keep it, expired)"
[[ "$(getent shadow hudhud | cut -d: -f8)" == 1 ]] || fail "hudhud's account is not expired after purge"
owned=$(find /etc /usr /var /opt /srv /tmp -xdev -user hudhud 2>/dev/null | head -5)
[[ -z "$owned" ]] || fail "files still owned by hudhud: $owned"
if pgrep -u hudhud >/dev/null; then fail "processes of hudhud still run"; fi
if [[ -e /var/lib/systemd/deb-systemd-helper-enabled/hudhud-daemon.service.dsh-also ]]; then
    fail "deb-systemd-helper still tracks hudhud-daemon.service"
fi
echo "$(cat "$tmp/files" "$tmp/cli-files" | grep -c .) paths listed by dpkg -L; no file left; user hudhud expired and owns nothing"

# ---------------------------------------------------------------------------
section "cargo generate-rpm: hudhud-cli and hudhud"
rm -f "$rpm_dir"/hudhud-*.rpm
cargo generate-rpm -p crates/hudhud-cli
cargo generate-rpm
cli_rpm=$(one "$rpm_dir"/hudhud-cli-"$version"-*.rpm)
rpm=$(one "$rpm_dir"/hudhud-"$version"-*.rpm)

rpm -qip "$cli_rpm"
rpm -qlp "$cli_rpm" | sort > "$tmp/cli-rpm-files"
printf '%s\n' /usr/bin/hudhud-cli /usr/libexec/hudhud/sendmail \
    /usr/lib/systemd/system/hudhud-daemon.service /usr/lib/systemd/user/hudhud-daemon.service \
    /usr/share/doc/hudhud-cli/README.md /usr/share/licenses/hudhud-cli/copyright | sort > "$tmp/cli-rpm-expected"
diff -u "$tmp/cli-rpm-expected" "$tmp/cli-rpm-files" || fail "hudhud-cli rpm contents differ from the expected list"
rpm -qpR "$cli_rpm" | tee "$tmp/cli-rpm-requires"
if grep -Eiq "$gui_re" "$tmp/cli-rpm-requires"; then fail "the hudhud-cli rpm requires a GUI library"; fi
grep -Eiq "$gui_re" <<<"$(rpm -qpR "$rpm")" || fail "the GUI pattern misses the desktop rpm's X11 requires"
rpm -qp --provides "$cli_rpm" | grep -qx 'MTA' || fail "the hudhud-cli rpm does not provide MTA"
rpm -qp --scripts "$cli_rpm" > "$tmp/cli-rpm-scripts"
grep -q 'useradd -r' "$tmp/cli-rpm-scripts" || fail "no system user in the rpm's scripts"
grep -q 'alternatives --install /usr/sbin/sendmail mta /usr/libexec/hudhud/sendmail' "$tmp/cli-rpm-scripts" || fail "no mta alternative"
grep -q 'alternatives --remove mta /usr/libexec/hudhud/sendmail' "$tmp/cli-rpm-scripts" || fail "the mta alternative is not removed"
echo "hudhud-cli rpm: the expected files, no GUI requirement, MTA by the mta alternative"

rpm -qip "$rpm"
rpm -qlp "$rpm" | sort > "$tmp/rpm-files"
{
    echo /usr/bin/hudhud
    echo /usr/share/applications/$app_id.desktop
    echo /usr/share/metainfo/$app_id.metainfo.xml
    for s in "${icon_sizes[@]}"; do echo /usr/share/icons/hicolor/${s}x${s}/apps/$app_id.png; done
    echo /usr/share/icons/hicolor/scalable/apps/$app_id.svg
    echo /usr/share/licenses/hudhud/copyright
} | sort > "$tmp/rpm-expected"
if ! diff -u "$tmp/rpm-expected" "$tmp/rpm-files"; then fail "rpm contents differ from the expected list"; fi
rpm -qpR "$rpm" | grep -qx "hudhud-cli = $version" || fail "the desktop rpm does not require hudhud-cli = $version"
echo "rpm holds the $(grep -c . "$tmp/rpm-files") expected files and requires hudhud-cli = $version"

section "packaging checks passed in $((SECONDS - started)) s"
