#!/usr/bin/env bash
# The longer interop run against Telegram's own tgcalls (not part of CI): CALLS short calls (default
# 100, roles alternating) and one long call (default 600 s), each judged second by second on both
# sides; prints a line per call (outcome, bad seconds per side, Connected times), a summary and a table
# of Connected times; exits non-zero if any call failed. Needs root (network namespaces).
#   scripts/interop-soak.sh [CALLS [LONG_SECONDS]]
#   SOAK_ROUTE=P2P|TURN|REFLECTOR (P2P)  SOAK_VERSION=8.0.0|7.0.0 (8.0.0)  SOAK_CALL_SECONDS=6
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/find-jdk25.sh
JAVA_HOME="$(find_jdk25)" || { echo "interop-soak: needs a JDK 25" >&2; exit 1; }
export JAVA_HOME
scripts/install-interop-tools.sh
TGARI_TGPEER="$(scripts/install-tgcalls-peer.sh)"
export TGARI_TGPEER
# -am: the engine under test is this checkout's, not whatever tgari-app another build left in ~/.m2
exec ./mvnw -B -q -pl it-tests -am verify -Dtest=TgcallsInteropSoak -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtgari.soak.calls="${1:-100}" -Dtgari.soak.long-seconds="${2:-600}" \
  -Dtgari.soak.route="${SOAK_ROUTE:-P2P}" -Dtgari.soak.version="${SOAK_VERSION:-8.0.0}" \
  -Dtgari.soak.call-seconds="${SOAK_CALL_SECONDS:-6}"
