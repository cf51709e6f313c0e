#!/usr/bin/env bash
# One command for a fresh machine: installs a local Asterisk (Debian sid chroot) if missing, builds
# tgari, starts Asterisk with asterisk-config/ and runs tgari in demo mode (simulated Telegram).
# Register a softphone as demo / tgari-demo at 127.0.0.1:5060 and dial 600 to hear yourself.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-asterisk.sh
if [ ! -f app/target/tgari.jar ] || [ -n "$(find app/src pom.xml app/pom.xml -newer app/target/tgari.jar -print -quit)" ]; then
  ./mvnw -B -q -pl app -am -DskipTests package
fi
source scripts/find-jdk25.sh
JAVA="$(find_jdk25)/bin/java"
scripts/asterisk-local.sh start
tgari_pid=""
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$tgari_pid" ]; then kill -TERM "$tgari_pid" 2>/dev/null || true; wait "$tgari_pid" 2>/dev/null || true; fi
  scripts/asterisk-local.sh stop
}
trap cleanup EXIT INT TERM
"$JAVA" --enable-native-access=ALL-UNNAMED -jar app/target/tgari.jar demo "$@" &
tgari_pid=$!
wait "$tgari_pid"
