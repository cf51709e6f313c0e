#!/usr/bin/env bash
# Makes a Docker engine answer on /var/run/docker.sock, on machines without systemd (CI containers,
# VMs started from an image): installs Debian's docker.io when dockerd is missing, writes a
# daemon.json for host networking only, starts dockerd in the background and waits for its socket.
# Also makes sure `docker compose` (v2) works: bookworm's own docker-compose is 1.x, so when the
# compose found is missing or 1.x, Debian trixie's docker-compose 2.x package is installed (a static
# Go binary; it runs on bookworm).
#
# Host networking only: {"bridge": "none", "iptables": false, "ip-masq": false}. No docker0 bridge,
# no NAT rules, no container address on a private range; containers and builds use --network host
# (compose.yaml says network_mode: host). Idempotent: a running engine is left alone, and the
# whole script takes well under a second when everything is in place.
#
# Environment: TGARI_DOCKERD_LOG (default /var/log/tgari-dockerd.log),
# TGARI_DOCKER_START_TIMEOUT (seconds to wait for the socket, default 60).
set -euo pipefail

LOG="${TGARI_DOCKERD_LOG:-/var/log/tgari-dockerd.log}"
SOCK=/var/run/docker.sock
TIMEOUT="${TGARI_DOCKER_START_TIMEOUT:-60}"
COMPOSE_DEB_URL="${TGARI_COMPOSE_DEB_URL:-http://deb.debian.org/debian/pool/main/d/docker-compose/docker-compose_2.26.1-4_amd64.deb}"

say() { printf 'install-docker: %s\n' "$*" >&2; }
die() { printf 'install-docker: ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (installs packages, starts dockerd)"

engine_answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

install_engine() {
  if command -v dockerd >/dev/null 2>&1; then return; fi
  say "installing docker.io"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # policy-rc.d keeps the package's init script from trying to start the daemon itself.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io >/dev/null
}

write_daemon_json() {
  local want='{"bridge":"none","iptables":false,"ip-masq":false}'
  mkdir -p /etc/docker
  if [ -f /etc/docker/daemon.json ] \
     && [ "$(tr -d ' \n\t' </etc/docker/daemon.json)" = "$want" ]; then
    return
  fi
  if [ -f /etc/docker/daemon.json ]; then
    cp /etc/docker/daemon.json "/etc/docker/daemon.json.before-tgari"
    say "replacing /etc/docker/daemon.json (old one kept as daemon.json.before-tgari)"
  fi
  printf '%s\n' '{' '  "bridge": "none",' '  "iptables": false,' '  "ip-masq": false' '}' >/etc/docker/daemon.json
}

start_engine() {
  if engine_answers; then return; fi
  if [ -S "$SOCK" ] && ! pgrep -x dockerd >/dev/null; then
    rm -f "$SOCK"   # left behind by a dockerd that died; a fresh one refuses to start over it otherwise
  fi
  if ! pgrep -x dockerd >/dev/null; then
    say "starting dockerd (log: $LOG)"
    # setsid: dockerd must outlive this script and the shell that ran it (CI steps, test.sh).
    setsid dockerd >>"$LOG" 2>&1 </dev/null &
  fi
  local deadline=$((SECONDS + TIMEOUT))
  until engine_answers; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 30 "$LOG" >&2 || true
      die "dockerd did not answer on $SOCK within ${TIMEOUT}s (log above)"
    fi
    sleep 0.5
  done
}

compose_major() { docker compose version --short 2>/dev/null | sed 's/^v//; s/\..*//'; }

install_compose() {
  local major
  major="$(compose_major || true)"
  if [ "${major:-0}" -ge 2 ] 2>/dev/null; then return; fi
  say "installing docker-compose 2.x (Debian trixie's package; bookworm ships 1.x)"
  local deb
  deb="$(mktemp --suffix=.deb)"
  curl -fsSL --retry 3 -o "$deb" "$COMPOSE_DEB_URL"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
  rm -f "$deb"
  major="$(compose_major || true)"
  [ "${major:-0}" -ge 2 ] 2>/dev/null || die "docker compose v2 still not found after installing $COMPOSE_DEB_URL"
}

install_engine
write_daemon_json
start_engine
install_compose
say "engine $(docker version --format '{{.Server.Version}}'), compose $(docker compose version --short)"
