#!/usr/bin/env bash
# The main job: install the toolchain, build the CLI, generate every artifact from each spec in
# examples/, and render the whole umbrella chart, subcharts included, with them through a real Helm.
# Subcharts: the chart's charts/ when `helm dependency build` filled it (LOGSTACK_HELM_DEPENDENCY_BUILD=1
# runs it first, where the chart repositories are reachable), else $LOGSTACK_SUBCHARTS, else the
# upstream packages in ../shared/upstream/charts. Each render's header names the source.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# Two steps: an assignment stops the script (set -e) when bootstrap fails; a bare eval "$(...)" would not.
env_setup="$(tools/bootstrap.sh)"
eval "$env_setup"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
nx run @logstack/cli:build --outputStyle=static >/dev/null
if [ "${LOGSTACK_HELM_DEPENDENCY_BUILD:-}" = 1 ]; then
  helm dependency build charts/airflow-logstack
fi
logstack() { node apps/cli/bin/logstack.js "$@"; }
for spec in examples/*/logstack.yaml; do
  dir="$(dirname "$spec")"
  logstack generate "$spec" -o "$dir/generated"
  # Writes $dir/rendered.yaml atomically (outside generated/, which logstack check owns) and
  # prints, on stderr, where the subcharts came from and the number of objects by kind.
  echo "$dir:" >&2
  logstack render "$spec" -o "$dir"
done
