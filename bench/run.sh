#!/bin/sh
# run.sh — every benchmark, one `NAME = VALUE UNIT` line per figure
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: bench/run.sh BUILDDIR
# Starts what the benchmarks need by itself: a private session bus and Xvfb.
# The figures are medians; the machines are shared and noisy, so compare
# figures from one run only.

set -eu

here=$(cd "$(dirname "$0")" && pwd)
builddir=$(cd "${1:-_build}" && pwd)

if [ -z "${COPYDESK_BENCH_INNER:-}" ]; then
  export COPYDESK_BENCH_INNER=1
  exec dbus-run-session -- xvfb-run -a -s '-screen 0 1400x900x24' "$0" "$builddir"
fi

status=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# Programs that print their own lines, each in a fresh temporary directory.
for prog in "$builddir"/bench/bench-*; do
  [ -x "$prog" ] || continue
  ( cd "$work" && "$prog" ) 2>"$work/$(basename "$prog").log" || {
    echo "run.sh: $(basename "$prog") failed:" >&2
    cat "$work/$(basename "$prog").log" >&2
    status=1
  }
done

library_100k=""
if [ -x "$builddir/bench/bench-store" ]; then
  # The store benchmark can leave its generated library for the start-up run.
  if "$builddir/bench/bench-store" --generate-only "$work/data/copydesk/library.db" >/dev/null 2>&1; then
    library_100k="$work/data"
  fi
fi

"$here/startup.sh" "$builddir" $library_100k || status=1

exit $status
