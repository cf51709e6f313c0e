#!/usr/bin/env bash
# Installs what tgari's integration tests and demo need on a Debian bookworm host:
#   * a Debian sid chroot holding Asterisk 22 (Asterisk is not packaged for bookworm, and sid's
#     package needs a newer glibc than the host has, so it lives in its own root file system);
#   * baresip (a real SIP phone for the tests) and sox on the host.
# Idempotent: a completed chroot carries a stamp file, so a rerun takes well under a second.
# A chroot without the stamp is a leftover of an interrupted run and is rebuilt from scratch.
#
# Environment:
#   TGARI_ASTERISK_ROOT   where the chroot lives (default /var/lib/tgari/asterisk-sid)
#   TGARI_DEBIAN_MIRROR   Debian mirror URL (default: the one this host's apt sources use)
set -euo pipefail

ROOT="${TGARI_ASTERISK_ROOT:-/var/lib/tgari/asterisk-sid}"
STAMP="$ROOT/.tgari-asterisk-ready"
PACKAGES=(asterisk asterisk-modules asterisk-core-sounds-en-wav)
HOST_TOOLS=(baresip:baresip-core sox:sox)

say() { printf 'install-asterisk: %s\n' "$*"; }
die() { printf 'install-asterisk: ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, chroot and apt-get need it)"

# ---------------------------------------------------------------- host tools
apt_updated=0
ensure_host_tools() {
  local missing=() entry cmd pkg
  for entry in "${HOST_TOOLS[@]}"; do
    cmd="${entry%%:*}"; pkg="${entry#*:}"
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing host packages: ${missing[*]}"
  if [ "$apt_updated" -eq 0 ]; then
    apt-get update -qq || die "apt-get update failed (is the Debian mirror reachable?)"
    apt_updated=1
  fi
  local log; log="$(mktemp /tmp/tgari-host-apt.XXXXXX)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1 \
    || { tail -n 30 "$log" >&2; die "apt-get install ${missing[*]} failed (log above)"; }
  rm -f "$log"
}

# ---------------------------------------------------------------- chroot
chroot_ready() { [ -f "$STAMP" ] && [ -x "$ROOT/usr/sbin/asterisk" ]; }

# The mirror this host already uses, read from its apt sources (one-line and deb822 formats).
host_mirror() {
  if [ -n "${TGARI_DEBIAN_MIRROR:-}" ]; then echo "$TGARI_DEBIAN_MIRROR"; return; fi
  local uri
  uri="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | sed -n -E 's%^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([a-z]+://[^[:space:]]+/debian)/?[[:space:]].*%\2%p;
                 s%^[[:space:]]*URIs:[[:space:]]*([a-z]+://[^[:space:]]+/debian)/?[[:space:]]*$%\1%p' \
    | head -n1)"
  [ -n "$uri" ] || die "no Debian mirror found in /etc/apt/sources.list(.d); set TGARI_DEBIAN_MIRROR"
  echo "$uri"
}

mounts_under() { findmnt -rn -o TARGET | awk -v r="$ROOT" 'index($0, r "/") == 1' | sort -r; }

unmount_all() {
  local m
  for m in $(mounts_under); do umount -l "$m" 2>/dev/null || true; done
}

remove_half_made() {
  [ -e "$ROOT" ] || return 0
  say "found an incomplete chroot at $ROOT (no stamp); removing it"
  unmount_all
  [ -z "$(mounts_under)" ] || die "still mounted under $ROOT: $(mounts_under | tr '\n' ' ')"
  rm -rf --one-file-system "$ROOT"
}

# bookworm's debootstrap cannot bootstrap sid, so use sid's own debootstrap, unpacked into a temp dir.
fetch_sid_debootstrap() {
  local work="$1" mirror="$2"
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/deb"
  echo "deb $mirror sid main" >"$work/sources.list"
  local opts=(-o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=-"
              -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache"
              -o "APT::Get::List-Cleanup=0" -o "APT::Sandbox::User=root" -qq)
  say "fetching sid's debootstrap from $mirror"
  apt-get "${opts[@]}" update || die "apt-get update against sid failed"
  (cd "$work" && apt-get "${opts[@]}" download debootstrap) || die "apt-get download debootstrap failed"
  dpkg-deb -x "$work"/debootstrap_*_all.deb "$work/deb"
}

in_chroot() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C "$@"; }

build_chroot() {
  local mirror work t0
  mirror="$(host_mirror)"
  work="$(mktemp -d /tmp/tgari-debootstrap.XXXXXX)"
  trap 'unmount_all; rm -rf "$work"' EXIT
  t0=$SECONDS

  fetch_sid_debootstrap "$work" "$mirror"
  mkdir -p "$(dirname "$ROOT")"
  say "debootstrap --variant=minbase sid $ROOT (about a minute)"
  DEBOOTSTRAP_DIR="$work/deb/usr/share/debootstrap" "$work/deb/usr/sbin/debootstrap" \
    --variant=minbase sid "$ROOT" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap failed (log above)"; }
  say "debootstrap done in $((SECONDS - t0)) s"

  # The host clock may run ahead of the mirror's Release validity window.
  printf 'Acquire::Check-Valid-Until "false";\nAcquire::Check-Date "false";\n' >"$ROOT/etc/apt/apt.conf.d/99tgari"
  # Never start services while installing (there is no init in a chroot).
  printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"; chmod 755 "$ROOT/usr/sbin/policy-rc.d"
  cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
  mount -t proc proc "$ROOT/proc"
  mount --bind /dev "$ROOT/dev"

  say "installing ${PACKAGES[*]} in the chroot"
  in_chroot apt-get update -qq || die "apt-get update in the chroot failed"
  in_chroot apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >"$work/apt.log" 2>&1 \
    || { tail -n 30 "$work/apt.log" >&2; die "apt-get install in the chroot failed (log above)"; }
  in_chroot apt-get clean
  unmount_all

  # Root here cannot read files it does not own (no CAP_DAC_OVERRIDE), and the package gives them
  # to the asterisk user: hand them back to root, which is who runs Asterisk in this chroot.
  local d
  for d in etc/asterisk var/lib/asterisk var/log/asterisk var/spool/asterisk var/run/asterisk run/asterisk usr/share/asterisk; do
    [ -e "$ROOT/$d" ] && chown -R root:root "$ROOT/$d"
  done
  mkdir -p "$ROOT/var/lib/tgari"

  in_chroot asterisk -V >"$STAMP" || die "asterisk -V failed inside the chroot"
  say "chroot ready in $((SECONDS - t0)) s: $(cat "$STAMP")"
  rm -rf "$work"
  trap - EXIT
}

ensure_host_tools
if chroot_ready; then
  say "Asterisk chroot already present: $ROOT ($(cat "$STAMP"))"
  exit 0
fi

mkdir -p "$(dirname "$ROOT")"
exec 9>"$(dirname "$ROOT")/.install-asterisk.lock"
flock 9
if chroot_ready; then  # another run finished it while we waited for the lock
  say "Asterisk chroot already present: $ROOT ($(cat "$STAMP"))"
  exit 0
fi
remove_half_made
build_chroot
