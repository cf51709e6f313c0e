#!/bin/sh
# Copies Asterisk's configuration from read-only mounts into /etc/asterisk, then runs Asterisk in the
# foreground. Copied, not mounted at /etc/asterisk: telegram.conf lives in another directory of the
# repository (dialplans/), and Docker cannot bind-mount a file into a directory it has mounted read-only
# (it has to create the mount point there). compose.yaml mounts asterisk-config/ at /config and
# dialplans/ at /dialplans; later directories win. TGARI_ASTERISK_CONFIG_DIRS changes the list.
set -eu
dirs="${TGARI_ASTERISK_CONFIG_DIRS:-/config /dialplans}"
copied=0
for dir in $dirs; do
  [ -d "$dir" ] || continue
  for file in "$dir"/*.conf; do
    [ -f "$file" ] || continue
    cp "$file" /etc/asterisk/
    copied=$((copied + 1))
  done
done
if [ "$copied" -eq 0 ]; then
  echo "start-asterisk: no *.conf in $dirs; mount asterisk-config/ at /config" >&2
  exit 1
fi
# Asterisk's built-in defaults are what the shipped stack expects; an empty asterisk.conf says so without
# the "Unable to open specified master config file" warning on every start and every `asterisk -rx`.
[ -f /etc/asterisk/asterisk.conf ] || printf '[options]\n' >/etc/asterisk/asterisk.conf
echo "start-asterisk: $copied configuration files from $dirs"
# -f: foreground, so the container lives as long as Asterisk; -n: no colour codes in `docker logs`.
exec asterisk -f -n -vvv "$@"
