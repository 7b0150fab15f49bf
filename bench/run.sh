#!/bin/sh
# run.sh — every benchmark, one `NAME = VALUE UNIT` line per figure
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: bench/run.sh BUILDDIR
# Starts what the benchmarks need by itself: a private session bus and Xvfb,
# and for each bench-wp-* program its own throwaway WordPress on loopback
# (tests/fixtures/with-wordpress.sh: WP_URL, WP_USER, WP_APP_PASSWORD) on a
# private keyring (tests/fixtures/with-keyring.sh).
# The figures are medians; the machines are shared and noisy, so compare
# figures from one run only.

set -eu

here=$(cd "$(dirname "$0")" && pwd)
fixtures=$(cd "$here/../tests/fixtures" && pwd)
builddir=$(cd "${1:-_build}" && pwd)

if [ -z "${COPYDESK_BENCH_INNER:-}" ]; then
  export COPYDESK_BENCH_INNER=1
  exec dbus-run-session -- "$here/../tests/fixtures/with-xvfb.sh" "$0" "$builddir"
fi

status=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

run_bench () {
  name=$(basename "$1")
  ( cd "$work" && "$@" ) 2>"$work/$name.log" || {
    echo "run.sh: $name failed:" >&2
    cat "$work/$name.log" >&2
    status=1
    return 1
  }
}

# A bench-wp-* program, with WordPress and the keyring started for it. The
# fixture's exit status 77 (only with COPYDESK_WP_REQUIRED=0) is a skip.
run_wp_bench () {
  name=$(basename "$1")
  wp_status=0
  ( cd "$work" && "$fixtures/with-keyring.sh" "$fixtures/with-wordpress.sh" "$1" ) \
    2>"$work/$name.log" || wp_status=$?
  case $wp_status in
    0) ;;
    77) echo "run.sh: $name skipped: WordPress is not installed" >&2 ;;
    *)
      echo "run.sh: $name failed:" >&2
      cat "$work/$name.log" >&2
      status=1
      ;;
  esac
}

# The store benchmark first: it generates a library of 100,000 stories and
# keeps it for the start-up run below.
library_100k=""
if [ -x "$builddir/bench/bench-store" ]; then
  mkdir -p "$work/data/copydesk"
  run_bench "$builddir/bench/bench-store" --keep "$work/data/copydesk" && library_100k="$work/data"
fi

# The others print their own lines, each in the same scratch directory.
for prog in "$builddir"/bench/bench-*; do
  [ -x "$prog" ] || continue
  case $(basename "$prog") in
    bench-store) continue ;;
    bench-wp-*) run_wp_bench "$prog" ;;
    *) run_bench "$prog" || true ;;
  esac
done

"$here/startup.sh" "$builddir" $library_100k || status=1

# Archiving: against a real WordPress, started and stopped by the fixture.
if [ -x "$builddir/bench/archive-bench" ]; then
  "$here/../tests/fixtures/with-wordpress.sh" "$builddir/bench/archive-bench" 2>"$work/archive-bench.log" || {
    echo "run.sh: archive-bench failed:" >&2
    cat "$work/archive-bench.log" >&2
    status=1
  }
fi

exit $status
