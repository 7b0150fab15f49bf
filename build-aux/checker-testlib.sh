# checker-testlib.sh — shared by the self-tests of the check scripts (sourced)
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later

failures=0

# expect_failure NAME PATTERN COMMAND…: COMMAND must fail and print PATTERN.
# Prints a TAP-style line; counts failures in $failures.
expect_failure () {
  name=$1
  pattern=$2
  shift 2
  if "$@" > "$tmp/out" 2>&1; then
    echo "not ok - $name: the checker passed"
    failures=$((failures + 1))
  elif ! grep -q -- "$pattern" "$tmp/out"; then
    echo "not ok - $name: no \"$pattern\" in:"
    sed 's/^/# /' "$tmp/out"
    failures=$((failures + 1))
  else
    echo "ok - $name"
  fi
}

# expect_pass NAME COMMAND…: COMMAND must succeed; its output is shown if not.
expect_pass () {
  name=$1
  shift
  if "$@" > "$tmp/out" 2>&1; then
    echo "ok - $name"
  else
    echo "not ok - $name fails:"
    sed 's/^/# /' "$tmp/out"
    failures=$((failures + 1))
  fi
}
