#!/usr/bin/env bash
# Installs the toolchain into .cache/ (git-ignored) and prints the PATH additions to eval.
# Idempotent and fast on a second run: each step is skipped when its pinned result is already there.
#   tools/bootstrap.sh            pnpm + workspace + Helm 3 + Helm 4 + helm-unittest + Vector (from ../shared/bin),
#                                 VictoriaLogs and busybox (task-log end-to-end tests)
#   tools/bootstrap.sh --python   also the Python venv (Airflow, kubernetes-validate, checkov) for tests
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=versions.env
source tools/versions.env
cache="$root/.cache"
bin="$cache/bin"
mkdir -p "$bin"
export PATH="$bin:$root/node_modules/.bin:$cache/pnpm/node_modules/.bin:$PATH"
log() { printf '[bootstrap] %s\n' "$*" >&2; }

# pnpm, pinned, installed locally rather than globally so the machine is left as it was.
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  log "installing pnpm $PNPM_VERSION"
  npm install --no-audit --no-fund --silent --prefix "$cache/pnpm" "pnpm@$PNPM_VERSION" >&2
fi

# The workspace, exactly as the lockfile says.
if [ ! -f node_modules/.modules.yaml ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
  log "pnpm install --frozen-lockfile"
  pnpm install --frozen-lockfile --reporter=silent >&2
fi

# Go tools, built from the Go module proxy. The stamp file records the version that was built.
go_tool() { # name module version "ldflags" [env...]
  local name=$1 module=$2 version=$3 ldflags=$4
  shift 4
  local stamp="$version $ldflags $*"
  if [ -x "$bin/$name" ] && [ "$(cat "$bin/.$name.version" 2>/dev/null)" = "$stamp" ]; then return; fi
  log "building $name $version (go install; a few minutes the first time)"
  local tmp
  tmp="$(mktemp -d)"
  env GOBIN="$tmp" "$@" go install -trimpath -ldflags "$ldflags" "$module@$version" >&2
  mv "$tmp/$(basename "$module")" "$bin/$name"
  rmdir "$tmp"
  echo "$stamp" >"$bin/.$name.version"
}
# Helm's Makefile stamps the version in with -ldflags; a plain go install reports "v3.21" and, for
# Helm 3, a default .Capabilities.KubeVersion of v1.20.0. Helm 3 takes the Kubernetes version from
# -X flags (K8S_MODULES_MAJOR/MINOR_VER); Helm 4 reads it from the client-go version in its build info.
helm3_flags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM3_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
for pkg in pkg/lint/rules pkg/chartutil; do
  helm3_flags+=" -X helm.sh/helm/v3/$pkg.k8sVersionMajor=1 -X helm.sh/helm/v3/$pkg.k8sVersionMinor=$HELM3_KUBE_MINOR"
done
go_tool helm3 "$HELM3_MODULE" "$HELM3_VERSION" "$helm3_flags"
go_tool helm4 "$HELM4_MODULE" "$HELM4_VERSION" "-s -w -X helm.sh/helm/v4/internal/version.version=$HELM4_VERSION -X helm.sh/helm/v4/internal/version.gitTreeState=clean"
# The checksum database has no entry for helm-unittest v1.0.1, so that one module skips it;
# its dependencies are still verified against go.sum.
go_tool helm-unittest "$HELM_UNITTEST_MODULE" "$HELM_UNITTEST_VERSION" "-s -w" GONOSUMDB=github.com/helm-unittest/helm-unittest
go_tool crane "$CRANE_MODULE" "$CRANE_VERSION" "-s -w"
ln -sf helm3 "$bin/helm"

# Vector from ../shared/bin (no registry serves a Vector binary here), checked against the pinned sha256.
vector_bin() {
  local xz="$root/../shared/bin/vector-$VECTOR_VERSION-x86_64-linux-gnu.xz"
  if [ -x "$bin/vector" ] && [ "$(cat "$bin/.vector.version" 2>/dev/null)" = "$VECTOR_SHA256" ]; then return; fi
  if [ ! -f "$xz" ]; then
    log "missing $xz: the Vector $VECTOR_VERSION binary comes from ../shared/bin (see its README); the task-log end-to-end tests need it"
    exit 1
  fi
  log "unpacking Vector $VECTOR_VERSION from ../shared/bin"
  xz -dc "$xz" >"$bin/vector.tmp"
  local got
  got="$(sha256sum "$bin/vector.tmp" | cut -d' ' -f1)"
  if [ "$got" != "$VECTOR_SHA256" ]; then
    rm -f "$bin/vector.tmp"
    log "sha256 of $xz (uncompressed) is $got, expected $VECTOR_SHA256"
    exit 1
  fi
  chmod +x "$bin/vector.tmp"
  mv "$bin/vector.tmp" "$bin/vector"
  echo "$VECTOR_SHA256" >"$bin/.vector.version"
}
vector_bin
go_tool victoria-logs "$VICTORIALOGS_MODULE" "$VICTORIALOGS_VERSION" "-s -w"
# busybox: the applets of the alpine Vector image, to run the sidecar's probe and preStop scripts as written.
# Its applets are linked into their own folder, so a test can run with that folder alone on PATH.
if ! command -v busybox >/dev/null; then
  log "installing Debian busybox (apt-get)"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get install -y -q busybox >&2 || { $sudo_cmd apt-get update -q >&2 && $sudo_cmd apt-get install -y -q busybox >&2; }
fi
busybox_dir="$cache/busybox-bin"
# sed reads the whole banner: `busybox | head -1` lets head close the pipe early, busybox dies of
# SIGPIPE and, under pipefail, bootstrap failed now and then on a fresh machine.
busybox_version="$(busybox | sed -n 1p)"
if [ "$(cat "$busybox_dir/.version" 2>/dev/null)" != "$busybox_version" ]; then
  rm -rf "$busybox_dir"
  mkdir -p "$busybox_dir"
  for applet in $(busybox --list); do ln -s "$(command -v busybox)" "$busybox_dir/$applet"; done
  echo "$busybox_version" >"$busybox_dir/.version"
fi

# helm-unittest as a Helm plugin directory, for people who prefer `helm unittest`.
plugin="$cache/helm-plugins/unittest"
if [ ! -f "$plugin/plugin.yaml" ]; then
  mkdir -p "$plugin"
  cat >"$plugin/plugin.yaml" <<YAML
name: unittest
version: ${HELM_UNITTEST_VERSION#v}
usage: unit test for helm charts
description: helm-unittest built by tools/bootstrap.sh
command: $bin/helm-unittest
YAML
fi

python_venv() { # folder requirements
  local venv=$1 req=$2 stamp want
  stamp="$venv/.requirements.sha256"
  want="$(sha256sum "$req" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "creating Python venv $venv from $req (a few minutes the first time)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req" >&2
    echo "$want" >"$stamp"
  fi
}
if [ "${1:-}" = "--python" ]; then
  python_venv "$cache/venv" tools/python/requirements.txt
  python_venv "$cache/venv-checkov" tools/python/requirements-checkov.txt
fi

echo "export PATH=\"$bin:$root/node_modules/.bin:$cache/pnpm/node_modules/.bin:\$PATH\" HELM_PLUGINS=\"$cache/helm-plugins\" LOGSTACK_VENV=\"$cache/venv\" LOGSTACK_CHECKOV_VENV=\"$cache/venv-checkov\" LOGSTACK_BUSYBOX_BIN=\"$busybox_dir\" NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=\${NX_SKIP_NX_CACHE:-false}"
