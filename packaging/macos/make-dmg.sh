#!/usr/bin/env bash
# Builds Hudhud.app and Hudhud-<version>.dmg on macOS (the release workflow
# runs it on a macOS runner). Usage, from anywhere:
#   packaging/macos/make-dmg.sh [path/to/hudhud]   (default target/release/hudhud)
# Needs only the tools macOS ships (PlistBuddy, hdiutil). A universal binary
# can be made first with `lipo -create` and passed as the argument.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

binary=${1:-target/release/hudhud}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
out=target/macos
app="$out/Hudhud.app"

[[ -x "$binary" ]] || { echo "no binary at $binary (cargo build --release first)" >&2; exit 1; }

rm -rf "$app" "$out/dmg" "$out/Hudhud-$version.dmg"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources" "$out/dmg"
cp "$binary" "$app/Contents/MacOS/hudhud"
cp packaging/macos/Info.plist "$app/Contents/Info.plist"
cp packaging/macos/hudhud.icns "$app/Contents/Resources/hudhud.icns"
printf 'APPL????' > "$app/Contents/PkgInfo"

# The bundle's version follows Cargo.toml.
/usr/libexec/PlistBuddy -c "Set :CFBundleShortVersionString $version" "$app/Contents/Info.plist"
/usr/libexec/PlistBuddy -c "Set :CFBundleVersion $version" "$app/Contents/Info.plist"

# Ad-hoc signature (a Developer ID identity can be passed in CODESIGN_IDENTITY).
codesign --force --deep --sign "${CODESIGN_IDENTITY:--}" "$app"

cp -R "$app" "$out/dmg/"
ln -s /Applications "$out/dmg/Applications"
hdiutil create -volname "Hudhud $version" -srcfolder "$out/dmg" -ov -format UDZO \
    "$out/Hudhud-$version.dmg"
rm -rf "$out/dmg"
echo "$out/Hudhud-$version.dmg"
