#!/usr/bin/env bash
# Builds tgari's two images, tgari/asterisk:local and tgari/tgari:local, the tags compose.yaml and the
# it-tests' Testcontainers path use. Builds run with --network host (the engine has no bridge; see
# scripts/install-docker.sh).
#
# Bases: the Dockerfiles default to public images (debian:sid-slim, maven, node, eclipse-temurin). When
# Docker Hub does not answer, this script makes local bases instead and passes them as build arguments:
#   tgari-local/debian:bookworm     a debootstrap'd minimal bookworm (docker import), with the host's CA
#                                   certificates (builds reach Maven Central and npm through them)
#   tgari-local/asterisk-sid:<ver>  the Debian sid chroot of scripts/install-asterisk.sh (docker import)
#   tgari-local/maven:<ver>         bookworm + the host's JDK 25 + Apache Maven from Maven Central
#   tgari-local/node:bookworm       bookworm + Debian's npm
#   tgari-local/jre:25              bookworm + a jlinked Java 25 runtime from the host's JDK
# Each is made once and reused. TGARI_IMAGE_BASES=hub|local forces the choice.
# Other environment: TGARI_BASES_DIR (default /var/lib/tgari/docker-bases), TGARI_ASTERISK_ROOT.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/find-jdk25.sh
source scripts/find-jdk25.sh

BASES_DIR="${TGARI_BASES_DIR:-/var/lib/tgari/docker-bases}"
ASTERISK_ROOT="${TGARI_ASTERISK_ROOT:-/var/lib/tgari/asterisk-sid}"
DEBIAN_MIRROR="${TGARI_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
MAVEN_VERSION=3.9.11
MAVEN_SHA512=bcfe4fe305c962ace56ac7b5fc7a08b87d5abd8b7e89027ab251069faebee516b0ded8961445d6d91ec1985dfe30f8153268843c89aa392733d1a3ec956c9978
# What tgari needs from the JDK (Vert.x/Netty use jdk.unsupported; DNS lookups jdk.naming.dns).
JRE_MODULES=java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.management,jdk.naming.dns

say() { printf 'build-images: %s\n' "$*" >&2; }
die() { printf 'build-images: ERROR: %s\n' "$*" >&2; exit 1; }

docker version >/dev/null 2>&1 || die "no Docker engine answers (run scripts/install-docker.sh)"

has_image() { docker image inspect "$1" >/dev/null 2>&1; }

# Any HTTP answer from the registry (401 without a token) means it is reachable.
hub_reachable() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 https://registry-1.docker.io/v2/ || true)"
  [ -n "$code" ] && [ "$code" != "000" ]
}

# docker build with its output in a log file, shown when the build fails.
build() {
  local tag="$1" log
  shift
  log="$BASES_DIR/build-$(echo "$tag" | tr '/:' '__').log"
  mkdir -p "$BASES_DIR"
  if ! docker build --network host --force-rm -t "$tag" "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "building $tag failed (whole log: $log)"
  fi
}

# A small Dockerfile build in a scratch context directory (base images only).
build_in() { build "$2" "$1"; }

debian_base() {
  local tag=tgari-local/debian:bookworm root="$BASES_DIR/bookworm"
  has_image "$tag" && return
  if [ ! -x "$root/bin/sh" ] || [ ! -f "$root/.tgari-complete" ]; then
    command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    say "debootstrap bookworm into $root (a few minutes)"
    rm -rf "$root"
    mkdir -p "$BASES_DIR"
    debootstrap --variant=minbase --include=ca-certificates bookworm "$root" "$DEBIAN_MIRROR" \
      >"$BASES_DIR/debootstrap.log" 2>&1 || die "debootstrap failed (see $BASES_DIR/debootstrap.log)"
    # debootstrap keeps the .debs it installed; an image has no use for them.
    rm -f "$root"/var/cache/apt/archives/*.deb
    touch "$root/.tgari-complete"
  fi
  # The host's extra CA certificates: outgoing HTTPS here may pass a proxy that signs with its own CA.
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
    chroot "$root" update-ca-certificates >/dev/null 2>&1 || die "update-ca-certificates failed in $root"
  fi
  printf 'deb %s bookworm main\n' "$DEBIAN_MIRROR" >"$root/etc/apt/sources.list"
  say "importing $tag"
  tar -C "$root" --one-file-system --exclude=./.tgari-complete -c . \
    | docker import -c 'CMD ["bash"]' - "$tag" >/dev/null
}

asterisk_base() {
  [ -x "$ASTERISK_ROOT/usr/sbin/asterisk" ] || scripts/install-asterisk.sh >&2
  local version tag
  version="$(chroot "$ASTERISK_ROOT" dpkg-query -W -f='${Version}' asterisk | sed 's/^[0-9]*://' | tr -c 'A-Za-z0-9_.\n-' '_')"
  tag="tgari-local/asterisk-sid:$version"
  if ! has_image "$tag"; then
    say "importing $tag from $ASTERISK_ROOT"
    # Instances (scripts/asterisk-local.sh, the it-tests) hold logs and sockets of their own; not image material.
    tar -C "$ASTERISK_ROOT" --one-file-system --exclude=./var/lib/tgari/instances \
        --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' -c . \
      | docker import -c 'CMD ["bash"]' - "$tag" >/dev/null
  fi
  echo "$tag"
}

jdk_base() {
  local jdk tag="tgari-local/maven:$MAVEN_VERSION-jdk25" ctx
  has_image "$tag" && { echo "$tag"; return; }
  jdk="$(find_jdk25)" || die "no JDK 25 on the host"
  ctx="$(mktemp -d)"
  say "making $tag from $jdk"
  # -L: a Debian-packaged JDK links lib/security/cacerts to /etc/ssl/certs/java, absent in the image.
  cp -rL "$jdk/." "$ctx/jdk"
  curl -fsSL --retry 3 -o "$ctx/maven.tgz" \
    "https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/$MAVEN_VERSION/apache-maven-$MAVEN_VERSION-bin.tar.gz"
  echo "$MAVEN_SHA512  $ctx/maven.tgz" | sha512sum -c --quiet - || die "Maven download does not match its checksum"
  mkdir "$ctx/maven" && tar -xzf "$ctx/maven.tgz" -C "$ctx/maven" --strip-components=1 && rm "$ctx/maven.tgz"
  cat >"$ctx/Dockerfile" <<'EOF'
FROM tgari-local/debian:bookworm
COPY jdk /opt/java/openjdk
COPY maven /usr/share/maven
ENV JAVA_HOME=/opt/java/openjdk MAVEN_HOME=/usr/share/maven
ENV PATH=/opt/java/openjdk/bin:/usr/share/maven/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
EOF
  build_in "$ctx" "$tag"
  rm -rf "$ctx"
  echo "$tag"
}

node_base() {
  local tag=tgari-local/node:bookworm ctx
  has_image "$tag" && { echo "$tag"; return; }
  ctx="$(mktemp -d)"
  say "making $tag (Debian's npm)"
  cat >"$ctx/Dockerfile" <<'EOF'
FROM tgari-local/debian:bookworm
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends npm \
 && rm -rf /var/lib/apt/lists/*
# npm carries its own CA list; the system one has the host's certificates too.
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
EOF
  build_in "$ctx" "$tag"
  rm -rf "$ctx"
  echo "$tag"
}

jre_base() {
  local jdk tag=tgari-local/jre:25 ctx
  has_image "$tag" && { echo "$tag"; return; }
  jdk="$(find_jdk25)" || die "no JDK 25 on the host"
  ctx="$(mktemp -d)"
  say "making $tag (jlink $JRE_MODULES)"
  "$jdk/bin/jlink" --add-modules "$JRE_MODULES" --strip-debug --no-man-pages --no-header-files --output "$ctx/jre"
  cat >"$ctx/Dockerfile" <<'EOF'
FROM tgari-local/debian:bookworm
COPY jre /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
EOF
  build_in "$ctx" "$tag"
  rm -rf "$ctx"
  echo "$tag"
}

bases="${TGARI_IMAGE_BASES:-auto}"
if [ "$bases" = auto ]; then
  if hub_reachable; then bases=hub; else bases=local; fi
fi
asterisk_args=() tgari_args=()
case "$bases" in
  hub) say "bases from Docker Hub" ;;
  local)
    say "Docker Hub out of reach: local bases"
    debian_base
    asterisk_args=(--build-arg "ASTERISK_BASE=$(asterisk_base)")
    tgari_args=(--build-arg "MAVEN_IMAGE=$(jdk_base)" --build-arg "NODE_IMAGE=$(node_base)" --build-arg "JRE_IMAGE=$(jre_base)")
    ;;
  *) die "TGARI_IMAGE_BASES must be auto, hub or local, not $bases" ;;
esac

say "building tgari/asterisk:local"
build tgari/asterisk:local "${asterisk_args[@]}" docker/asterisk
say "building tgari/tgari:local"
build tgari/tgari:local "${tgari_args[@]}" -f docker/tgari/Dockerfile .
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E '^tgari/(asterisk|tgari):local ' >&2
