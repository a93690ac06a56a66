#!/usr/bin/env bash
# Runs every project's `bench` target (each prints its figures). Installs the toolchain first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# Two steps: an assignment stops the script (set -e) when bootstrap fails; a bare eval "$(...)" would not.
env_setup="$(tools/bootstrap.sh --python)"
eval "$env_setup"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
nx run-many -t bench --parallel=1 --outputStyle=stream "$@"
