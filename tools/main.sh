#!/usr/bin/env bash
# The main job: install the toolchain, build the CLI, generate every artifact from each spec in
# examples/, and render the umbrella chart with them through a real Helm.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
eval "$(tools/bootstrap.sh)"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
nx run @logstack/cli:build --outputStyle=static >/dev/null
logstack() { node apps/cli/bin/logstack.js "$@"; }
for spec in examples/*/logstack.yaml; do
  dir="$(dirname "$spec")"
  logstack generate "$spec" -o "$dir/generated"
  # Writes $dir/rendered.yaml atomically (outside generated/, which logstack check owns).
  logstack render "$spec" -o "$dir"
done
