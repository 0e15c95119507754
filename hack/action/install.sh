#!/usr/bin/env bash
# Installs meshlint for the action (action.yml, step "install"): the
# release archive for the runner's OS and architecture, checked against the
# release's SHA256SUMS, or a build from the action's own source when
# VERSION is "source", when no release is named, or when none matches the
# runner. Archive names are those of `make dist` (hack/release/dist.go):
#   meshlint_<version without v>_<goos>_<goarch>.tar.gz   (.zip on windows)
#
# Environment (the action maps its inputs onto it):
#   VERSION       vX.Y.Z, "source", or empty: ACTION_REF when it is a
#                 release tag (uses: meshlint/meshlint@v0.1.0), else source
#   ACTION_REF    the ref the workflow named (github.action_ref)
#   DOWNLOAD_URL  where releases live: DOWNLOAD_URL/vX.Y.Z/<archive>
#   GITHUB_ACTION_PATH, RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_OUTPUT,
#   GITHUB_PATH   as the runner sets them
# Writes: bin=<path of the meshlint binary> and installed=release|source
# to GITHUB_OUTPUT, and the binary's directory to GITHUB_PATH.
set -euo pipefail

dest="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/meshlint-action-bin"
mkdir -p "$dest"
exe=meshlint
[[ "${RUNNER_OS:-}" == Windows ]] && exe=meshlint.exe

# goos/goarch of the runner, empty when meshlint has no release for it.
platform() {
  local os arch
  case "${RUNNER_OS:-}" in
    Linux) os=linux ;; macOS) os=darwin ;; Windows) os=windows ;; *) return 0 ;;
  esac
  case "${RUNNER_ARCH:-}" in
    X64) arch=amd64 ;; ARM64) arch=arm64 ;; *) return 0 ;;
  esac
  echo "${os}_${arch}"
}

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

# from_release VERSION PLATFORM: 0 installed, 3 nothing to download (the
# caller builds from source); a checksum that does not match is fatal.
from_release() {
  local version=$1 plat=$2 ext=tar.gz tmp archive want got
  [[ "$plat" == windows_* ]] && ext=zip
  archive="meshlint_${version#v}_${plat}.${ext}"
  tmp=$(mktemp -d)
  if ! curl -fsSL --retry 3 -o "$tmp/$archive" "$DOWNLOAD_URL/$version/$archive"; then
    echo "::warning title=meshlint::no release archive $DOWNLOAD_URL/$version/$archive: building from source"
    return 3
  fi
  curl -fsSL --retry 3 -o "$tmp/SHA256SUMS" "$DOWNLOAD_URL/$version/SHA256SUMS" ||
    { echo "::error title=meshlint::$DOWNLOAD_URL/$version/SHA256SUMS cannot be read: the archive is not verified"; exit 1; }
  want=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$tmp/SHA256SUMS")
  got=$(sha256 "$tmp/$archive")
  if [[ -z "$want" || "$want" != "$got" ]]; then
    echo "::error title=meshlint::checksum of $archive is $got, SHA256SUMS says '${want:-nothing}': not installed"
    exit 1
  fi
  if [[ "$ext" == zip ]]; then unzip -oq "$tmp/$archive" "$exe" -d "$dest" || exit 1
  else tar -xzf "$tmp/$archive" -C "$dest" "$exe" || exit 1; fi
  rm -rf "$tmp"
  echo "installed=release" >>"$GITHUB_OUTPUT"
}

# from_source [VERSION]: go build at the action's ref; VERSION (a release
# that has no archive for the runner, or the action's ref) is stamped, else
# the build info says what it can (internal/version). Static and without
# build paths, as the release archives are built (hack/release/build.go):
# the same binary whichever way it came, and the same build cache.
from_source() {
  local ldflags=""
  [[ -n "${1:-}" ]] && ldflags="-X main.version=$1"
  command -v go >/dev/null ||
    { echo "::error title=meshlint::building meshlint from source needs Go: add actions/setup-go before this step"; exit 1; }
  (cd "$GITHUB_ACTION_PATH" && CGO_ENABLED=0 go build -trimpath \
    -ldflags "$ldflags" \
    -o "$dest/$exe" ./cmd/meshlint)
  echo "installed=source" >>"$GITHUB_OUTPUT"
}

version=${VERSION:-}
if [[ -z "$version" && "${ACTION_REF:-}" =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]]; then
  version=$ACTION_REF
fi
plat=$(platform)
if [[ -n "$version" && "$version" != source && -n "$plat" ]]; then
  from_release "$version" "$plat" || from_source "$version"
else
  from_source "${ACTION_REF:-}"
fi
"$dest/$exe" version
echo "bin=$dest/$exe" >>"$GITHUB_OUTPUT"
echo "$dest" >>"$GITHUB_PATH"
