#!/bin/sh
# test-check-catalogs.sh — check-catalogs.py must catch each mistake it names
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-check-catalogs.sh SOURCE_ROOT
# Copies src/, data/, po/ and build-aux/ into a scratch tree, breaks one thing
# at a time and expects the checker to fail with the matching message.

set -eu
root=$(cd "$1" && pwd)
check () { /usr/bin/python3 "$root/build-aux/check-catalogs.py" "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

reset_tree () {
  rm -rf "$tmp/tree"
  mkdir "$tmp/tree"
  (cd "$root" && tar cf - src data po build-aux/check-potfiles.py) | (cd "$tmp/tree" && tar xf -)
}

. "$root/build-aux/checker-testlib.sh"

expect () {
  expect_failure "$1" "$2" check "$tmp/tree"
}

# replace_first FILE OLD NEW: the first OLD in FILE becomes NEW (no regex)
replace_first () {
  /usr/bin/python3 -c '
import sys
path, old, new = sys.argv[1:4]
text = open(path, encoding="utf-8").read()
assert old in text, old
open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))
' "$@"
}

reset_tree
expect_pass "the tree as it is passes" check "$tmp/tree"

reset_tree
printf 'const char *cd_new_string (void) { return _("Spike the story"); }\n' \
  >> "$tmp/tree/src/cd-cli.c"
expect "a new string in the sources" "message(s) after merging with the sources: Spike the story"

reset_tree
sed -i 's/_("No story has this status right now")/_("No story has this status at the moment")/' \
  "$tmp/tree/src/ui/cd-status-sidebar.c"
grep -q 'at the moment' "$tmp/tree/src/ui/cd-status-sidebar.c"
expect "a changed string in the sources" "fuzzy message(s) after merging"

reset_tree
printf 'static const char *s (int n) { return ngettext ("%%d kicker", "%%d kickers", n); }\n' \
  >> "$tmp/tree/src/ui/cd-status-sidebar.c"
expect "a new plural string" "untranslated message(s)"

reset_tree
sed -i 's/^"Plural-Forms: .*"$/"Plural-Forms: nplurals=2; plural=(n != 1);\\n"/' "$tmp/tree/po/fr.po"
expect "French with the German plural rule" "Plural-Forms is 'nplurals=2; plural=(n != 1);'"

reset_tree
sed -i 's/^"Language: es\\n"$/"Language: pt\\n"/' "$tmp/tree/po/es.po"
expect "a header naming another language" "the header says Language: 'pt'"

reset_tree
replace_first "$tmp/tree/po/fr.po" 'msgstr "Aucun article ici"' 'msgstr "Aucun article ici ?"'
expect "French without the non-breaking space" "ordinary space where French typography"

reset_tree
replace_first "$tmp/tree/po/de.po" '
msgid "No Stories Here"' '
#, fuzzy
msgid "No Stories Here"'
expect "a fuzzy entry in a catalog" "de.po has 1 fuzzy"

reset_tree
printf '\nmsgid "Slug"\nmsgstr "Slug"\n' >> "$tmp/tree/po/es.po"
expect "a catalog msgfmt rejects" "es.po fails msgfmt --check"

if [ "$failures" -ne 0 ]; then
  echo "$failures checks failed"
  exit 1
fi
