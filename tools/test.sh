#!/usr/bin/env bash
# Runs every test of the repository: lint, typecheck and the test target of every Nx project
# (uvu suites, which also drive Helm 3/4, helm-unittest, Airflow, kubernetes-validate and checkov).
# Installs what it needs first (tools/bootstrap.sh). Ends with one line: N passed, N failed, N skipped.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
eval "$(tools/bootstrap.sh --python)" || { echo "0 passed, 1 failed"; exit 1; }
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false FORCE_COLOR=0
logdir="$root/.cache/test-logs"
mkdir -p "$logdir"
failed_targets=()

# Static checks, uncached like CI: each failing project target counts as a failure in the totals.
nx run-many -t lint typecheck --outputStyle=stream --parallel=2 --skip-nx-cache >"$logdir/static.log" 2>&1
static_rc=$?
if [ $static_rc -ne 0 ]; then
  cat "$logdir/static.log"
  while IFS= read -r t; do failed_targets+=("$t"); done < <(sed -n 's/^ *- *\(@logstack\/[^ ]*:\(lint\|typecheck\)\).*/\1/p' "$logdir/static.log" | sort -u)
  [ ${#failed_targets[@]} -eq 0 ] && failed_targets+=("static:lint-typecheck")
fi

# Tests. --skip-nx-cache so every run really runs them.
nx run-many -t test --outputStyle=stream --parallel=2 --skip-nx-cache 2>&1 | tee "$logdir/test.log"
test_rc=${PIPESTATUS[0]}
before=${#failed_targets[@]}
while IFS= read -r t; do failed_targets+=("$t"); done < <(sed 's/\x1b\[[0-9;]*m//g' "$logdir/test.log" | sed -n 's/^ *- *\(@logstack\/[^ ]*:test\).*/\1/p' | sort -u)
# Nx failing without naming a target (it did not start, say) must still count as a failure.
[ "$test_rc" -ne 0 ] && [ ${#failed_targets[@]} -eq "$before" ] && failed_targets+=("nx:test")

node tools/test-totals.mjs "$logdir/test.log" "${failed_targets[@]}"
