#!/bin/sh
# startup.sh — Copydesk's start-up against GNOME Text Editor's, side by side
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: startup.sh BUILDDIR [LIBRARY_100K]
# Needs an X display (bench/run.sh provides Xvfb and a private session bus).
# Alternates the two programs, RUNS times each, and prints medians and ratios
# as `NAME = VALUE UNIT` lines. LIBRARY_100K, when given, is a library.db with
# 100,000 stories for startup.window_ratio_100k.

set -eu

builddir=$(cd "$1" && pwd)
library_100k=${2:-}
runs=${RUNS:-9}
probe="$builddir/bench/startup-probe"
copydesk="$builddir/src/copydesk"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# The same renderer and environment for both programs; fresh, empty state.
export GDK_BACKEND=x11 GSK_RENDERER=cairo
export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$builddir/data"
export XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache"
printf 'A short note.\n' > "$work/small.txt"

empty_data="$work/data-empty"
mkdir -p "$empty_data"

median () {
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

measure () {
  # $1 = label file prefix, rest = command
  out=$1; shift
  line=$("$probe" --settle 1000 -- "$@" 2>/dev/null) || { echo "startup.sh: $1 failed" >&2; exit 1; }
  echo "$line" | sed -n 's/.*map_ms=\([0-9.]*\).*/\1/p' >> "$out.map"
  echo "$line" | sed -n 's/.*rss_kb=\([0-9]*\).*/\1/p' >> "$out.rss"
}

# One warm-up run of each, not counted: the first start reads everything cold.
XDG_DATA_HOME="$empty_data" "$probe" --settle 0 -- "$copydesk" >/dev/null 2>&1 || true
XDG_DATA_HOME="$empty_data" "$probe" --settle 0 -- gnome-text-editor --standalone "$work/small.txt" >/dev/null 2>&1 || true

i=0
while [ "$i" -lt "$runs" ]; do
  XDG_DATA_HOME="$work/te" measure "$work/te" gnome-text-editor --standalone "$work/small.txt"
  XDG_DATA_HOME="$empty_data" measure "$work/cd" "$copydesk"
  if [ -n "$library_100k" ]; then
    XDG_DATA_HOME="$library_100k" measure "$work/cd100k" "$copydesk"
  fi
  i=$((i + 1))
done

te_map=$(median < "$work/te.map")
cd_map=$(median < "$work/cd.map")
te_rss=$(median < "$work/te.rss")
cd_rss=$(median < "$work/cd.rss")

echo "startup.window_ms = $cd_map ms"
echo "startup.text_editor_window_ms = $te_map ms"
awk -v a="$cd_map" -v b="$te_map" 'BEGIN { printf "startup.window_ratio = %.2f ratio\n", a / b }'
if [ -n "$library_100k" ]; then
  cd100k_map=$(median < "$work/cd100k.map")
  echo "startup.window_100k_ms = $cd100k_map ms"
  awk -v a="$cd100k_map" -v b="$te_map" 'BEGIN { printf "startup.window_ratio_100k = %.2f ratio\n", a / b }'
fi
awk -v a="$cd_rss" -v b="$te_rss" 'BEGIN { printf "startup.rss_ratio = %.2f ratio\n", a / b }'
