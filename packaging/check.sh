#!/usr/bin/env bash
# Packaging checks: desktop integration metadata, the Flatpak/Windows/macOS
# definitions as far as local tools go, then a real .deb round trip (build,
# apt install, run, open the window under Xvfb, mailto registration, purge,
# nothing left) and the .rpm's file list.
#
# Runs from the repo root (or anywhere: it cds there), as root on Debian 12,
# after .ci/run's packages. Installs what else it needs with apt-get and
# `cargo install --locked`. Note: `cargo deb` builds the release binary.
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
version=$(cargo metadata --format-version 1 --no-deps --offline 2>/dev/null |
    python3 -c 'import json,sys; print([p for p in json.load(sys.stdin)["packages"] if p["name"]=="hudhud"][0]["version"])')
echo "hudhud version from Cargo.toml: $version"

# Processes this script starts; killed by PID on exit.
xvfb_pid=""
app_pid=""
tmp=$(mktemp -d -t hudhud-pkg-check.XXXXXX)
cleanup() {
    [[ -n "$app_pid" ]] && kill "$app_pid" 2>/dev/null || true
    [[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null || true
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
      librsvg2-bin icoutils icnsutils xvfb xdotool)
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

section "cargo deb (builds the release binary)"
rm -f target/debian/hudhud_*.deb
cargo deb
debs=(target/debian/hudhud_"$version"*.deb)
((${#debs[@]} == 1)) && [[ -f "${debs[0]}" ]] || fail "expected one .deb, got: ${debs[*]}"
deb=${debs[0]}
dpkg-deb --info "$deb"
dpkg-deb --contents "$deb"

section "apt-get install ./$deb"
if dpkg-query -W hudhud >/dev/null 2>&1; then apt-get "${apt_opts[@]}" remove --purge -y hudhud; fi
apt-get "${apt_opts[@]}" install -y "./$deb"
dpkg -L hudhud > "$tmp/files"

out=$(/usr/bin/hudhud --version)
echo "$out"
grep -qF "$version" <<<"$out" || fail "/usr/bin/hudhud --version does not print $version"

for f in /usr/share/applications/$app_id.desktop \
         /usr/share/metainfo/$app_id.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/$app_id.svg \
         /usr/lib/systemd/user/hudhud-daemon.service \
         /usr/share/doc/hudhud/copyright; do
    [[ -f "$f" ]] || fail "$f not installed"
done
for s in "${icon_sizes[@]}"; do
    [[ -f /usr/share/icons/hicolor/${s}x${s}/apps/$app_id.png ]] || fail "${s}px icon not installed"
done
desktop-file-validate /usr/share/applications/$app_id.desktop
echo "desktop file, metainfo, icons, user unit, copyright installed"

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

section "apt-get remove --purge hudhud leaves nothing"
apt-get "${apt_opts[@]}" remove --purge -y hudhud
! dpkg-query -W -f='${Status}' hudhud 2>/dev/null | grep -q installed || fail "hudhud still installed"
left=0
while read -r f; do
    [[ -d "$f" ]] && continue   # shared directories (/usr/share/icons/...) stay
    if [[ -e "$f" || -L "$f" ]]; then echo "left behind: $f"; left=1; fi
done < "$tmp/files"
((left == 0)) || fail "files left after purge"
echo "$(grep -c . "$tmp/files") paths listed by dpkg -L; no file left"

# ---------------------------------------------------------------------------
section "cargo generate-rpm"
rm -f target/generate-rpm/hudhud-*.rpm
cargo generate-rpm
rpms=(target/generate-rpm/hudhud-"$version"*.rpm)
((${#rpms[@]} == 1)) && [[ -f "${rpms[0]}" ]] || fail "expected one .rpm, got: ${rpms[*]}"
rpm -qip "${rpms[0]}"
rpm -qlp "${rpms[0]}" | sort > "$tmp/rpm-files"
{
    echo /usr/bin/hudhud
    echo /usr/share/applications/$app_id.desktop
    echo /usr/share/metainfo/$app_id.metainfo.xml
    for s in "${icon_sizes[@]}"; do echo /usr/share/icons/hicolor/${s}x${s}/apps/$app_id.png; done
    echo /usr/share/icons/hicolor/scalable/apps/$app_id.svg
    echo /usr/lib/systemd/user/hudhud-daemon.service
    echo /usr/share/licenses/hudhud/copyright
} | sort > "$tmp/rpm-expected"
if ! diff -u "$tmp/rpm-expected" "$tmp/rpm-files"; then fail "rpm contents differ from the expected list"; fi
echo "rpm holds the $(grep -c . "$tmp/rpm-files") expected files"

section "packaging checks passed in $((SECONDS - started)) s"
