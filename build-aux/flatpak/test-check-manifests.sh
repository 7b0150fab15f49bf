#!/bin/sh
# test-check-manifests.sh — check-manifests.py must catch each mistake it names
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-check-manifests.sh FLATPAK_DIR
# Breaks a scratch copy of the manifests one way at a time and expects the
# checker to fail with the matching message.

set -eu
dir=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
release=io.github.copydesk.Copydesk.json
devel=io.github.copydesk.Copydesk.Devel.json
. "$dir/../checker-testlib.sh"

# expect NAME PATTERN PYTHON: apply PYTHON (m = release manifest, d = devel
# manifest) to fresh copies, then the checker must fail and print PATTERN
expect () {
  cp "$dir/$release" "$dir/$devel" "$tmp/"
  /usr/bin/python3 - "$tmp/$release" "$tmp/$devel" <<PY
import json, sys
m = json.load(open(sys.argv[1]))
d = json.load(open(sys.argv[2]))
$3
json.dump(m, open(sys.argv[1], 'w'), indent=2)
json.dump(d, open(sys.argv[2], 'w'), indent=2)
PY
  expect_failure "$1" "$2" /usr/bin/python3 "$dir/check-manifests.py" \
    "$dir/flatpak-manifest.schema.json" "$tmp/$release" "$tmp/$devel" "$dir/../../README.md"
}

expect "unknown top-level key" "(top): 'finish-arg' does not match any of the regexes" \
  "m['finish-arg'] = m.pop('finish-args')"
expect "config-opts of the wrong type" "is not of type 'array'" \
  "m['modules'][0]['config-opts'] = '-DBUILD_TESTING=OFF'"
expect "a property flatpak-builder does not know inside a source" "show-manifest failed" \
  "m['modules'][1]['sources'][0]['tags'] = 'v1'"
expect "git source without a commit" "needs a tag and its full commit" \
  "del m['modules'][2]['sources'][0]['commit']"
expect "git source following a branch" "follows a branch" \
  "m['modules'][0]['sources'][0]['branch'] = 'master'"
expect "archive without a checksum" "needs a sha256" \
  "m['modules'][0]['sources'][0] = {'type': 'archive', 'url': 'https://example.org/a.tar.xz'}"
expect "filesystem access" "finish-args must be exactly" \
  "m['finish-args'].append('--filesystem=home')"
expect "README naming another runtime" "README.md says org.gnome.Sdk//.*runtime-version 0$" \
  "m['runtime-version'] = d['runtime-version'] = '0'"
expect "Devel manifest drifting apart" "differs from" \
  "d['modules'][0]['config-opts'].append('-DCMARK_LIB_FUZZER=ON')"

exit $((failures > 0))
