#!/usr/bin/env bash
# Installs TDLib's JSON library (libtdjson.so) for tgari's real Telegram lines and its tests, from the
# npm package @prebuilt-tdlib/linux-x64-glibc (one self-contained .so, glibc, no extra dependencies).
# Idempotent: prints the library's path. Override the directory with TGARI_TDJSON_DIR.
set -euo pipefail
PKG="@prebuilt-tdlib/linux-x64-glibc"
VERSION="0.1008067.0"   # TDLib 1.8.67
DIR="${TGARI_TDJSON_DIR:-/var/lib/tgari/tdlib}"
LIB="$DIR/libtdjson.so"
STAMP="$DIR/.installed-$VERSION"
# The stamp records the installed file's checksum, so a library replaced by anything else is reinstalled.
if [ -f "$STAMP" ] && [ -f "$LIB" ] && [ "$(sha256sum "$LIB" | cut -d' ' -f1)" = "$(cat "$STAMP")" ]; then
  echo "$LIB"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install-tdjson: npm is needed to fetch $PKG (apt-get install -y npm)" >&2
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "install-tdjson: fetching $PKG@$VERSION" >&2
(cd "$tmp" && npm pack --silent "$PKG@$VERSION" >/dev/null 2>&1) || { echo "install-tdjson: npm pack $PKG@$VERSION failed" >&2; exit 1; }
tar -xzf "$tmp"/*.tgz -C "$tmp"
[ -f "$tmp/package/libtdjson.so" ] || { echo "install-tdjson: the package has no libtdjson.so" >&2; exit 1; }
mkdir -p "$DIR"
rm -f "$DIR"/.installed-*
install -m 0644 "$tmp/package/libtdjson.so" "$LIB.new"
mv -f "$LIB.new" "$LIB"
sha256sum "$LIB" | cut -d' ' -f1 > "$STAMP"
echo "$LIB"
