#!/usr/bin/env bash
# Renders assets/icons/hudhud.svg (the one icon source) into the hicolor PNGs,
# the Windows .ico and the macOS .icns. Run from anywhere; commit the output.
# Needs (Debian): librsvg2-bin (rsvg-convert), icoutils (icotool), icnsutils (png2icns).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

svg=assets/icons/hudhud.svg
id=org.hudhud.Hudhud
out=packaging/linux/icons/hicolor

for size in 16 24 32 48 64 128 256 512; do
    dir="$out/${size}x${size}/apps"
    mkdir -p "$dir"
    rsvg-convert -w "$size" -h "$size" "$svg" -o "$dir/$id.png"
done
mkdir -p "$out/scalable/apps"
cp "$svg" "$out/scalable/apps/$id.svg"

# Windows: one .ico holding the small and large sizes.
icotool -c -o packaging/windows/hudhud.ico \
    "$out"/{16x16,24x24,32x32,48x48,64x64,256x256}/apps/$id.png

# macOS: .icns from the PNGs png2icns understands.
png2icns packaging/macos/hudhud.icns \
    "$out"/{16x16,32x32,48x48,128x128,256x256,512x512}/apps/$id.png >/dev/null

echo "icons written under $out, packaging/windows/hudhud.ico, packaging/macos/hudhud.icns"
