#!/usr/bin/env bash
# Builds llama.cpp's llama-server once, the peer server LlamaServerTest talks to, into a cache
# folder outside the clone: ~/.cache/animus/llama.cpp-3.21.1/build/bin/llama-server. The source
# is the git bundle npm's node-llama-cpp@3.21.1 carries (the network here reaches npm, not
# GitHub). About 10 minutes on two cores, the first time only. A failure here is reported and
# the test says it is skipped; it does not stop the suite.
set -uo pipefail
CACHE="${HOME}/.cache/animus/llama.cpp-3.21.1"
BIN="$CACHE/build/bin/llama-server"
if [ -x "$BIN" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
missing=""
for tool in cmake g++ git npm; do command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"; done
if [ -n "$missing" ]; then
  # shellcheck disable=SC2086 # one word per package
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null || {
    echo "llama-server: could not install$missing; LlamaServerTest will be skipped" >&2; exit 0; }
fi
set -e
mkdir -p "$CACHE"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack node-llama-cpp@3.21.1 --silent >/dev/null && tar xzf node-llama-cpp-3.21.1.tgz package/llama/gitRelease.bundle)
rm -rf "$CACHE/src" "$CACHE/build"
git clone -q "$tmp/package/llama/gitRelease.bundle" "$CACHE/src" 2>/dev/null
cmake -S "$CACHE/src" -B "$CACHE/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
  -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$CACHE/build" --target llama-server -j2 >/dev/null
echo "llama-server: built $BIN"
