#!/bin/sh
# test-check-potfiles.sh — check-potfiles.py must catch each mistake it names
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-check-potfiles.sh SOURCE_ROOT
# Copies src/, data/ and po/ into a scratch tree, breaks one thing at a time
# and expects the checker to fail with the matching message.

set -eu
root=$(cd "$1" && pwd)
check () { /usr/bin/python3 "$root/build-aux/check-potfiles.py" "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

reset_tree () {
  rm -rf "$tmp/tree"
  mkdir "$tmp/tree"
  (cd "$root" && tar cf - src data po) | (cd "$tmp/tree" && tar xf -)
  rm -f "$tmp/tree"/po/*.po
  : > "$tmp/tree/po/LINGUAS"
}

. "$root/build-aux/checker-testlib.sh"

# expect NAME PATTERN: the checker fails on the scratch tree and prints PATTERN
expect () {
  expect_failure "$1" "$2" check "$tmp/tree"
}

reset_tree
expect_pass "the tree as it is passes" check "$tmp/tree"

reset_tree
grep -v '^src/cd-cli.c$' "$root/po/POTFILES.in" > "$tmp/tree/po/POTFILES.in"
expect "unlisted .c file" "src/cd-cli.c has translatable strings but is missing"

reset_tree
cat > "$tmp/tree/src/cd-new.ui" <<'UI'
<interface><object class="GtkLabel"><property name="label" translatable="yes">Slug</property></object></interface>
UI
expect "unlisted .ui file" "src/cd-new.ui has translatable strings but is missing"

reset_tree
printf '#include <glib/gi18n.h>\nconst char *s (int n) { return ngettext ("%%d story", "%%d stories", n); }\n' \
  > "$tmp/tree/src/cd-plural.c"
expect "unlisted .c file with only ngettext" "src/cd-plural.c has translatable strings"

reset_tree
echo "src/zz-gone.c" >> "$tmp/tree/po/POTFILES.in"
expect "listed file that does not exist" "lists src/zz-gone.c, which does not exist"

reset_tree
{ echo "src/main.c"; cat "$root/po/POTFILES.in"; } > "$tmp/tree/po/POTFILES.in"
expect "unsorted POTFILES.in" "is not sorted"

reset_tree
printf '[Desktop Entry]\nType=Application\nExec=copydesk\n' > "$tmp/tree/data/extra.desktop.in.in"
{ cat "$root/po/POTFILES.in"; echo "data/extra.desktop.in.in"; } | LC_ALL=C sort > "$tmp/tree/po/POTFILES.in"
expect "data file xgettext takes nothing from" "xgettext extracts no string from data/extra.desktop.in.in"

reset_tree
echo de > "$tmp/tree/po/LINGUAS"
expect "LINGUAS without its catalog" "there is no po/de.po"

reset_tree
cat > "$tmp/tree/po/fr.po" <<'PO'
msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\n"

#, c-format
msgid "%d stories"
msgstr "%s articles"
PO
echo fr > "$tmp/tree/po/LINGUAS"
expect "catalog failing msgfmt --check" "po/fr.po fails msgfmt --check"
: > "$tmp/tree/po/LINGUAS"
expect "catalog missing from LINGUAS" "po/fr.po is not listed in po/LINGUAS"

exit $((failures > 0))
