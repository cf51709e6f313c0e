#!/usr/bin/env bash
# tgari's full test run: installs what the integration tests need (a Debian sid chroot with
# Asterisk 22, baresip and sox; TDLib's libtdjson; coturn, aiortc and friends; tgpeer, Telegram's own tgcalls
# built from ../shared/tgcalls-peer; a Docker engine with host networking only and tgari's two images,
# built without Docker Hub if need be; idempotent and quick when already done), then builds and runs
# every test, unit and integration, with Maven. Extra arguments go to Maven.
#
# With the engine and images in place the it-tests' Asterisk runs in containers (Testcontainers) and
# ComposeStackIT runs compose.yaml; both must then pass, not skip (TGARI_REQUIRE_DOCKER=1).
# TGARI_TEST_CONTAINERS=0 leaves Docker out: Asterisk from the chroot, the container tests skipped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-asterisk.sh
scripts/install-tdjson.sh >/dev/null
scripts/install-interop-tools.sh
# The tgcalls interop tests find the launcher here (TgcallsPeer reads TGARI_TGPEER).
TGARI_TGPEER="$(scripts/install-tgcalls-peer.sh)"
export TGARI_TGPEER
if [ "${TGARI_TEST_CONTAINERS:-1}" != 0 ]; then
  scripts/install-docker.sh
  scripts/build-images.sh
  export TGARI_REQUIRE_DOCKER=1
fi
exec ./mvnw -B verify "$@"
