#!/usr/bin/env bash
# Installs a release of Cairn for this machine: picks the archive for the system and processor,
# downloads it with its SHA-256 checksum file, refuses it unless the checksum matches, and puts
# `cairn` into a folder. The Action (action.yml) runs it; it runs on its own too:
#
#   install.sh [--version 0.1.0] [--dest DIR] [--target TRIPLE] [--plan]
#
# --version  the release (default: the version in this checkout's Cargo.toml, which for the
#            Action is the version its `uses: ...@v<version>` names)
# --dest     the folder to put `cairn` in (default: $RUNNER_TOOL_CACHE/cairn/<version>/<target>,
#            or ~/.local/bin)
# --target   the release target (default: from RUNNER_OS/RUNNER_ARCH, or uname)
# --plan     print version=, target= and dir= lines (for $GITHUB_OUTPUT) and install nothing
#
# CAIRN_RELEASES: where the releases are, a URL or a local folder holding v<version>/<archive>
# (default: <repository>/releases/download, with the repository from Cargo.toml).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
manifest="$here/../../Cargo.toml"

fail() {
  echo "error: $*" >&2
  exit 1
}

# A key of Cargo.toml's [package] table, e.g. `package_key version`.
package_key() {
  [ -f "$manifest" ] || fail "no --version given and no Cargo.toml beside this script to read it from"
  awk -v key="$1" '
    /^\[/ { in_package = ($0 == "[package]") }
    in_package && $1 == key && $2 == "=" { gsub(/"/, "", $3); print $3; exit }
  ' "$manifest"
}

version=""
dest=""
target=""
plan=false
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version="${2-}"; shift 2 ;;
    --dest) dest="${2-}"; shift 2 ;;
    --target) target="${2-}"; shift 2 ;;
    --plan) plan=true; shift ;;
    *) fail "unknown option \`$1\` (see the top of $0)" ;;
  esac
done

version="${version#v}"
if [ -z "$version" ]; then
  version="$(package_key version)"
fi
[ -n "$version" ] || fail "cannot tell which version to install; pass --version"

if [ -z "$target" ]; then
  os="${RUNNER_OS:-$(uname -s)}"
  arch="${RUNNER_ARCH:-$(uname -m)}"
  case "$arch" in
    X64 | x86_64 | amd64) arch=x86_64 ;;
    ARM64 | aarch64 | arm64) arch=aarch64 ;;
    *) fail "there is no Cairn release for this processor ($arch)" ;;
  esac
  case "$os" in
    Linux) target="$arch-unknown-linux-musl" ;;
    macOS | Darwin) target="$arch-apple-darwin" ;;
    # Windows on ARM runs the x86_64 build.
    Windows | MINGW* | MSYS* | CYGWIN*) target="x86_64-pc-windows-msvc" ;;
    *) fail "there is no Cairn release for this system ($os)" ;;
  esac
fi

case "$target" in
  *-windows-*) archive="cairn-$target.zip" binary="cairn.exe" ;;
  *) archive="cairn-$target.tar.gz" binary="cairn" ;;
esac
checksums="cairn-$target.sha256"

if [ -z "$dest" ]; then
  if [ -n "${RUNNER_TOOL_CACHE:-}" ]; then
    dest="$RUNNER_TOOL_CACHE/cairn/$version/$target"
  else
    dest="$HOME/.local/bin"
  fi
fi

if $plan; then
  printf 'version=%s\ntarget=%s\ndir=%s\n' "$version" "$target" "$dest"
  exit 0
fi

releases="${CAIRN_RELEASES:-}"
if [ -z "$releases" ]; then
  repository="$(package_key repository)"
  [ -n "$repository" ] || fail "Cargo.toml names no repository to download from; set CAIRN_RELEASES"
  releases="${repository%/}/releases/download"
fi
case "$releases" in
  http://* | https://* | file://*) ;;
  *) releases="file://$(cd "$releases" && pwd)" ;;
esac
base="${releases%/}/v$version"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch() {
  curl --fail --silent --show-error --location --retry 3 --output "$work/$1" "$base/$1" \
    || fail "cannot download $base/$1 (is $version a released version of Cairn?)"
}
fetch "$archive"
fetch "$checksums"

expected="$(awk -v name="$archive" '$2 == name || $2 == "*" name { print tolower($1); exit }' "$work/$checksums")"
[ -n "$expected" ] || fail "$checksums does not list $archive; nothing was installed"
if command -v sha256sum >/dev/null 2>&1; then
  actual="$(sha256sum "$work/$archive" | awk '{ print tolower($1) }')"
else
  actual="$(shasum -a 256 "$work/$archive" | awk '{ print tolower($1) }')"
fi
if [ "$actual" != "$expected" ]; then
  fail "the checksum of $archive does not match $checksums (expected $expected, got $actual): the download is damaged or not the release; nothing was installed"
fi

mkdir -p "$work/unpacked"
case "$archive" in
  *.zip)
    if command -v unzip >/dev/null 2>&1; then
      unzip -q "$work/$archive" -d "$work/unpacked"
    else
      7z x -y -o"$work/unpacked" "$work/$archive" >/dev/null
    fi
    ;;
  *) tar -xzf "$work/$archive" -C "$work/unpacked" ;;
esac
[ -f "$work/unpacked/$binary" ] || fail "$archive holds no $binary; nothing was installed"

# Git Bash on Windows: a C:\... folder as a path the tools below take.
if command -v cygpath >/dev/null 2>&1; then
  dest="$(cygpath -u "$dest")"
fi
mkdir -p "$dest"
chmod +x "$work/unpacked/$binary"
mv -f "$work/unpacked/$binary" "$dest/$binary"
echo "Installed cairn $version ($target) into $dest"
