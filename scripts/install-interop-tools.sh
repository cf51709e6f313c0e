#!/usr/bin/env bash
# Installs the independent WebRTC peer the interoperability tests run against: python3-aiortc from
# Debian (ICE, DTLS-SRTP, Opus). Idempotent and quick when present.
set -euo pipefail
if /usr/bin/python3 -c "import aiortc" 2>/dev/null; then
  exit 0
fi
echo "install-interop-tools: installing python3-aiortc" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q python3-aiortc >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q python3-aiortc >/dev/null; }
/usr/bin/python3 -c "import aiortc" || { echo "install-interop-tools: python3-aiortc did not install" >&2; exit 1; }
