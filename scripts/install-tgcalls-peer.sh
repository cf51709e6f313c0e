#!/usr/bin/env bash
# Builds tgpeer, Telegram's own call library (tgcalls) as a command-line call party, for the tgcalls
# interoperability tests (TgcallsInteropIT), with ../shared/tgcalls-peer/build.sh: the shared folder
# sits beside the repository (in CI too). In a git worktree elsewhere, the folder beside the main
# checkout is used. TGCALLS_PEER_SOURCES names another folder. Idempotent: a re-run with everything
# in place takes under a second. Prints the launcher's path (what the tests read from TGARI_TGPEER).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
candidates=()
if [ -n "${TGCALLS_PEER_SOURCES:-}" ]; then
  candidates+=("$TGCALLS_PEER_SOURCES")
else
  candidates+=("../shared/tgcalls-peer")
  main_checkout="$(dirname "$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null || echo /nonexistent/.git)")"
  candidates+=("$main_checkout/../shared/tgcalls-peer")
fi
for dir in "${candidates[@]}"; do
  if [ -f "$dir/build.sh" ]; then
    exec bash "$dir/build.sh"
  fi
done
echo "install-tgcalls-peer: tgcalls-peer sources not found (looked for build.sh in: ${candidates[*]})." >&2
echo "install-tgcalls-peer: the shared folder must sit beside the repository as ../shared/tgcalls-peer, or set TGCALLS_PEER_SOURCES." >&2
exit 1
