#!/usr/bin/env bash
# tgari's full test run: installs what the integration tests need (a Debian sid chroot with
# Asterisk 22, baresip and sox; TDLib's libtdjson; coturn, aiortc and friends; tgpeer, Telegram's own tgcalls
# built from ../shared/tgcalls-peer; idempotent and quick when already done), then builds and runs
# every test, unit and integration, with Maven. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-asterisk.sh
scripts/install-tdjson.sh >/dev/null
scripts/install-interop-tools.sh
# The tgcalls interop tests find the launcher here (TgcallsPeer reads TGARI_TGPEER).
TGARI_TGPEER="$(scripts/install-tgcalls-peer.sh)"
export TGARI_TGPEER
exec ./mvnw -B verify "$@"
