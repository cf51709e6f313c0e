#!/usr/bin/env bash
# Installs the independent peers, servers and tools the interoperability tests run against, all from
# Debian: python3-aiortc (a WebRTC peer: ICE, DTLS-SRTP, Opus), coturn (a TURN/STUN server; the tests
# start their own turnserver on loopback, the packaged service is not used), zbar-tools (zbarimg, a QR
# decoder that reads back the codes `tgari login --qr` draws), tmux (drives `tgari login` in a real
# terminal) and prometheus (runs the Grafana dashboard's queries against a live tgari; the packaged
# service is not used). Idempotent and quick when present.
set -euo pipefail
missing=()
/usr/bin/python3 -c "import aiortc" 2>/dev/null || missing+=(python3-aiortc)
command -v turnserver >/dev/null 2>&1 || [ -x /usr/bin/turnserver ] || missing+=(coturn)
[ -x /usr/bin/zbarimg ] || missing+=(zbar-tools)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
[ -x /usr/bin/prometheus ] || missing+=(prometheus)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-interop-tools: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Recommends (ImageMagick, Mesa, ffmpeg tools and friends: about a hundred packages) are not what the tests use.
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
  || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
/usr/bin/python3 -c "import aiortc" || { echo "install-interop-tools: python3-aiortc did not install" >&2; exit 1; }
[ -x /usr/bin/turnserver ] || { echo "install-interop-tools: coturn did not install (no /usr/bin/turnserver)" >&2; exit 1; }
[ -x /usr/bin/zbarimg ] || { echo "install-interop-tools: zbar-tools did not install" >&2; exit 1; }
command -v tmux >/dev/null 2>&1 || { echo "install-interop-tools: tmux did not install" >&2; exit 1; }
[ -x /usr/bin/prometheus ] || { echo "install-interop-tools: prometheus did not install" >&2; exit 1; }
# Debian starts the packaged coturn service where systemd runs; the tests need none of it.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet coturn 2>/dev/null; then
  systemctl disable --now coturn >/dev/null 2>&1 || true
fi
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
  systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
