#!/usr/bin/python3
# check-potfiles.py — check po/ against the source tree
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-potfiles.py SOURCE_ROOT
#
# Fails when a .c or .ui file under src/ with translatable strings, or a
# desktop, metainfo or schema file under data/, is missing from
# po/POTFILES.in; when POTFILES.in lists a file that does not exist, lists one
# twice, or is not sorted; when xgettext extracts nothing from a listed data
# file (its file type was not recognised, e.g. a .in.in suffix); when LINGUAS
# and the .po files disagree; or when a .po file fails `msgfmt --check`.

import os
import re
import subprocess
import sys
import tempfile

# The markers of a translatable string, as the glib preset of meson's i18n
# module and GtkBuilder understand them.
C_MARKERS = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_)\s*\(|\bngettext\b|\bg_dngettext\b')
UI_MARKER = 'translatable="yes"'
C_COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
DATA_SUFFIXES = ('.desktop.in.in', '.desktop.in', '.metainfo.xml.in.in',
                 '.metainfo.xml.in', '.gschema.xml')

# The keywords of meson's 'glib' preset.
XGETTEXT_ARGS = ['--from-code=UTF-8', '--add-comments',
                 '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
                 '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3',
                 '--keyword=g_dpgettext2:2c,3']


def needs_translation(root, rel):
    if rel.endswith(DATA_SUFFIXES):
        return True
    with open(os.path.join(root, rel), encoding='utf-8') as f:
        text = f.read()
    if rel.endswith('.ui'):
        return UI_MARKER in text
    return C_MARKERS.search(C_COMMENT.sub('', text)) is not None


def candidates(root):
    for top, suffixes in (('src', ('.c', '.ui')), ('data', DATA_SUFFIXES)):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(suffixes):
                    yield os.path.relpath(os.path.join(dirpath, name), root)


def read_list(path):
    with open(path, encoding='utf-8') as f:
        return [line.strip() for line in f
                if line.strip() and not line.lstrip().startswith('#')]


def extracted_files(root, listed):
    """The listed files from which xgettext extracts at least one message."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'check.pot')
        subprocess.run(['xgettext', '--directory=' + root, '--output=' + pot,
                        '--force-po'] + XGETTEXT_ARGS + listed,
                       check=True)
        found = set()
        with open(pot, encoding='utf-8') as f:
            for line in f:
                if line.startswith('#: '):
                    for ref in line[3:].split():
                        found.add(ref.rsplit(':', 1)[0])
        return found


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else '.')
    podir = os.path.join(root, 'po')
    errors = []

    listed = read_list(os.path.join(podir, 'POTFILES.in'))
    if listed != sorted(listed):
        errors.append('po/POTFILES.in is not sorted; sort it with LC_ALL=C sort')
    for rel in sorted({f for f in listed if listed.count(f) > 1}):
        errors.append(f'po/POTFILES.in lists {rel} more than once')
    existing = [rel for rel in listed if os.path.isfile(os.path.join(root, rel))]
    for rel in listed:
        if rel not in existing:
            errors.append(f'po/POTFILES.in lists {rel}, which does not exist')

    for rel in candidates(root):
        if rel not in listed and needs_translation(root, rel):
            errors.append(f'{rel} has translatable strings but is missing from po/POTFILES.in')

    # A .c or .ui file may be listed before its strings arrive; a data file
    # that yields nothing means xgettext did not know how to read it.
    data_files = [rel for rel in existing if rel.endswith(DATA_SUFFIXES)]
    if data_files:
        found = extracted_files(root, data_files)
        for rel in data_files:
            if rel not in found:
                errors.append(f'xgettext extracts no string from {rel}: '
                              'remove it from po/POTFILES.in or check its file type')

    linguas = read_list(os.path.join(podir, 'LINGUAS'))
    catalogs = sorted(name[:-3] for name in os.listdir(podir) if name.endswith('.po'))
    for lang in linguas:
        if lang not in catalogs:
            errors.append(f'po/LINGUAS names {lang}, but there is no po/{lang}.po')
    for lang in catalogs:
        if lang not in linguas:
            errors.append(f'po/{lang}.po is not listed in po/LINGUAS, so it is never built')
        result = subprocess.run(['msgfmt', '--check', '--output-file=/dev/null',
                                 os.path.join(podir, lang + '.po')],
                                capture_output=True, text=True)
        if result.returncode != 0:
            errors.append(f'po/{lang}.po fails msgfmt --check:\n{result.stderr.strip()}')

    for error in errors:
        print(error, file=sys.stderr)
    print(f'{len(listed)} files in POTFILES.in, {len(catalogs)} catalogs, {len(errors)} problems')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
