#!/usr/bin/env bash
# Call set-up time of our engine against Telegram's tgcalls, next to tgcalls against itself, on three
# paths between two network namespaces joined by a veth pair: P2P (host candidates), TURN (coturn in
# namespace A, both parties relay-only) and a Telegram reflector (our simulator in namespace A).
# Needs root (namespaces), the tgcalls-peer build (../shared/tgcalls-peer/build.sh), coturn, sox,
# python3 and app/target/tgari.jar. Usage: scripts/setup-time.sh [CALLS] [PATHS]  (default: 10 "p2p turn reflector")
# Logs of every party, on one timeline per call: $OUT (default /tmp/setup-time). PAIRINGS=ours-tg,tg-ours
# (say) runs only those; TG_LOG=verbose sets tgpeer's --log (default info).
set -euo pipefail
cd "$(dirname "$0")/.."
CALLS="${1:-10}"
PATHS="${2:-p2p turn reflector}"
JAVA="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
TGPEER="${TGPEER:-/var/lib/tgcalls-peer/tgpeer.sh}"
JAR="${JAR:-$PWD/app/target/tgari.jar}"
OUT="${OUT:-/tmp/setup-time}"
NA="${NS_A:-stA}" NB="${NS_B:-stB}" HA=198.18.7.1 HB=198.18.7.2
mkdir -p "$OUT"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    ip netns del "$NA" 2>/dev/null || true
    ip netns del "$NB" 2>/dev/null || true
}
trap cleanup EXIT
ip netns add "$NA"; ip netns add "$NB"
ip link add "${NA}0" type veth peer name "${NB}0"
ip link set "${NA}0" netns "$NA"; ip link set "${NB}0" netns "$NB"
ip -n "$NA" addr add $HA/24 dev "${NA}0"; ip -n "$NB" addr add $HB/24 dev "${NB}0"
for n in "$NA" "$NB"; do ip -n "$n" link set lo up; done
ip -n "$NA" link set "${NA}0" up; ip -n "$NB" link set "${NB}0" up
[ -f "$OUT/tone.wav" ] || sox -n -r 48000 -c 1 -b 16 "$OUT/tone.wav" synth 3 sine 440 vol 0.5

run() { python3 scripts/setup-time.py --path "$1" --calls "$CALLS" --tgpeer "$TGPEER" --jar "$JAR" --java "$JAVA" \
    --ns-a "$NA" --ns-b "$NB" --host-a $HA --host-b $HB --wav "$OUT/tone.wav" --out-dir "$OUT" ${PAIRINGS:+--pairings "$PAIRINGS"} ${TG_LOG:+--tg-log "$TG_LOG"} "${@:2}"; }

for path in $PATHS; do
    case "$path" in
    p2p) run p2p --p2p ;;
    turn)
        rm -rf "$OUT/coturn"; mkdir -p "$OUT/coturn"
        ip netns exec "$NA" turnserver -n --no-cli --no-tls --no-dtls --no-tcp-relay --listening-ip $HA --relay-ip $HA \
            --listening-port 3478 --lt-cred-mech --realm tgari.test --user u:p --userdb "$OUT/coturn/db" \
            --pidfile "$OUT/coturn/pid" --log-file "$OUT/coturn/turn.log" --simple-log --no-stdout-log >/dev/null 2>&1 &
        pids+=($!); sleep 1
        cat > "$OUT/turn.json" <<JSON
[{"@type":"callServer","id":"1","ip_address":"$HA","ipv6_address":"","port":3478,
  "type":{"@type":"callServerTypeWebrtc","username":"u","password":"p","supports_turn":true,"supports_stun":false}}]
JSON
        run turn --servers "$OUT/turn.json"
        kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true ;;
    reflector)
        ip netns exec "$NA" "$JAVA" -cp "$JAR" scripts/SetupTimeReflector.java $HA 0 > "$OUT/reflector.out" 2>&1 &
        pids+=($!)
        for _ in $(seq 100); do grep -q listening "$OUT/reflector.out" && break; sleep 0.1; done
        port=$(awk '/listening/ {print $2}' "$OUT/reflector.out")
        cat > "$OUT/reflector.json" <<JSON
[{"@type":"callServer","id":"7","ip_address":"$HA","ipv6_address":"","port":$port,
  "type":{"@type":"callServerTypeTelegramReflector","peer_tag":"AAECAwQFBgcICQoLDA0ODw==","is_tcp":false}}]
JSON
        run reflector --servers "$OUT/reflector.json"
        kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true ;;
    *) echo "unknown path $path" >&2; exit 2 ;;
    esac
done
