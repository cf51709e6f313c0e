#!/usr/bin/env bash
# One command for a fresh machine: installs a local Asterisk (Debian sid chroot) if missing, builds
# tgari, starts Asterisk with asterisk-config/ and runs tgari in demo mode (simulated Telegram).
# Register a softphone as demo / tgari-demo at 127.0.0.1:5060 and dial 600 to hear yourself.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'demo: %s\n' "$*"; }
die() { printf 'demo: ERROR: %s\n' "$*" >&2; exit 1; }

if [ ! -f app/target/tgari.jar ] || [ -n "$(find app/src pom.xml app/pom.xml -newer app/target/tgari.jar -print -quit)" ]; then
  build_log="$(mktemp /tmp/tgari-demo-build.XXXXXX)"
  say "building tgari (a minute or two the first time)"
  # Maven's own output (colour codes included) stays in the file; only a failure points at it
  if ! ./mvnw -B -q -Dstyle.color=never -pl app -am -DskipTests package >"$build_log" 2>&1; then
    tail -n 30 "$build_log" >&2
    die "the build failed; its whole output is in $build_log"
  fi
  rm -f "$build_log"
fi
source scripts/find-jdk25.sh
JAVA="$(find_jdk25)/bin/java" || die "no JDK 25 found (set JAVA_HOME; see the README)"
# installs the Asterisk chroot when missing (and says so once), then starts Asterisk
scripts/asterisk-local.sh start
tgari_pid=""
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$tgari_pid" ]; then kill -TERM "$tgari_pid" 2>/dev/null || true; wait "$tgari_pid" 2>/dev/null || true; fi
  scripts/asterisk-local.sh stop
}
trap cleanup EXIT INT TERM

# tgari prints its admin address once it listens; the demo is ready when /health says UP (ARI connected)
announce() {
  local line url
  while IFS= read -r line; do
    printf '%s\n' "$line"
    case "$line" in
      *"running; admin on http://"*)
        url="${line#*admin on }"; url="${url%% *}"
        (
          for _ in $(seq 1 150); do
            if curl -fsS --max-time 1 -o /dev/null "$url" 2>/dev/null; then
              say "ready: register demo / tgari-demo at 127.0.0.1:5060 (UDP) and dial 600 (Ctrl-C stops)"
              exit 0
            fi
            sleep 0.2
          done
          say "tgari runs but $url does not say UP after 30 s; see the log above"
        ) &
        ;;
    esac
  done
}

"$JAVA" --enable-native-access=ALL-UNNAMED -jar app/target/tgari.jar demo "$@" > >(announce) &
tgari_pid=$!
wait "$tgari_pid"
