#!/bin/sh
# run.sh — build the libFuzzer targets and run each for a while
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/fuzz/run.sh [SECONDS [NAME...]]   (make fuzz; FUZZ_SECONDS=60 make fuzz)
#
# Configures _build-fuzz with clang, ASan, UBSan and -Dfuzzing=true, builds
# the fuzz targets, then runs each (or the NAMEs given) for SECONDS (default
# 600) on a fresh copy of its seed corpus. Prints
# "fuzz.NAME.execs = N count" per fuzzer; a crash, leak, timeout or broken
# invariant leaves its input under _build-fuzz/artifacts/ and makes the
# script exit non-zero. Copy such an input into tests/fuzz/corpus/NAME/ so
# `make test` replays it from then on (docs/FUZZING.md).

set -eu

seconds=${1:-600}
[ $# -gt 0 ] && shift

top=$(cd "$(dirname "$0")/../.." && pwd)
builddir=$top/_build-fuzz
seeds=$top/tests/fuzz/corpus

cd "$top"

if [ ! -f "$builddir/build.ninja" ]; then
  CC=clang meson setup "$builddir" -Dfuzzing=true -Db_sanitize=address,undefined \
    -Db_lundef=false -Dtests=true
fi
meson compile -C "$builddir" fuzzers

if [ $# -gt 0 ]; then
  names=$*
else
  names=$(ls "$seeds")
fi

mkdir -p "$builddir/artifacts" "$builddir/fuzz-logs"

# UBSan reports are findings too; leaks are (libFuzzer's ASan checks them).
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export G_DEBUG=gc-friendly
export LC_ALL=C.UTF-8 TZ=UTC

failed=""
for name in $names; do
  binary=$builddir/tests/fuzz/fuzz-$name
  work=$builddir/fuzz-work/$name
  log=$builddir/fuzz-logs/$name.log
  dict=$top/tests/fuzz/$name.dict

  if [ ! -x "$binary" ] || [ ! -d "$seeds/$name" ]; then
    echo "run.sh: no fuzzer or no seed corpus for '$name'" >&2
    failed="$failed $name"
    continue
  fi

  rm -rf "$work"
  mkdir -p "$work"
  cp "$seeds/$name"/* "$work"/

  set -- -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=30 -print_final_stats=1 \
         -artifact_prefix="$builddir/artifacts/$name-"
  [ -f "$dict" ] && set -- "$@" -dict="$dict"

  echo "run.sh: fuzzing $name for ${seconds}s (log: $log)" >&2
  status=0
  "$binary" "$@" "$work" >"$log" 2>&1 || status=$?

  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  echo "fuzz.$name.execs = ${execs:-0} count"
  if [ "$status" -ne 0 ]; then
    echo "run.sh: $name failed (exit $status); see $log and $builddir/artifacts/" >&2
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*invariant broken|artifact_prefix|Test unit written)' "$log" >&2 || true
    failed="$failed $name"
  fi
done

if [ -n "$failed" ]; then
  echo "run.sh: failed:$failed" >&2
  exit 1
fi
