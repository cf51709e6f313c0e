#!/usr/bin/env bash
# The fault campaign (docs/faults.md): N calls, M at once, through a real Asterisk and a tgari process,
# over a simulated Telegram path with 10 % loss and 50 ± 50 ms; calls end from either side at random
# moments, and rounds are struck by Asterisk killed and restarted, the ARI events socket dropped, or
# tgari SIGKILLed and restarted. Checks after every round that no channel, bridge, call, engine, thread
# or file descriptor leaked and that every call's outcome matches what happened; prints a summary and
# exits non-zero on any leak or mismatch. Loopback only; no round starts after --seconds.
#   scripts/fault-campaign.sh [--calls N (240)] [--parallel M (4)] [--seconds S (1800)] [--seed X (1)] [-Dkey=value ...]
# -D options go to Maven, e.g. -Dtgari.asterisk.backend=chroot (default: a container when Docker answers).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
calls=240 parallel=4 seconds=1800 seed=1
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --calls) calls="$2"; shift 2 ;;
    --parallel) parallel="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    -D*) extra+=("$1"); shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "fault-campaign: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
for v in "$calls" "$parallel" "$seconds" "$seed"; do
  [[ "$v" =~ ^[0-9]+$ ]] || { echo "fault-campaign: '$v' is not a whole number" >&2; exit 2; }
done
source scripts/find-jdk25.sh
JAVA_HOME="$(find_jdk25)" || { echo "fault-campaign: needs a JDK 25" >&2; exit 1; }
export JAVA_HOME
scripts/install-asterisk.sh
# -am: the tgari under test is this checkout's, not whatever tgari-app another build left in ~/.m2
exec ./mvnw -B -q -pl it-tests -am verify -Dtest=FaultCampaignRun -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtgari.campaign.calls="$calls" -Dtgari.campaign.parallel="$parallel" \
  -Dtgari.campaign.seconds="$seconds" -Dtgari.campaign.seed="$seed" "${extra[@]}"
