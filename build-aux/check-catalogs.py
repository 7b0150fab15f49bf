#!/usr/bin/python3
# check-catalogs.py — every catalog complete against the sources as they are
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-catalogs.py SOURCE_ROOT
#
# Extracts a fresh template from the files in po/POTFILES.in (xgettext with
# the options of meson's 'glib' preset, as `copydesk-pot` runs it), merges
# each catalog named in po/LINGUAS with it (msgmerge, as `copydesk-update-po`
# does) and fails when a merged catalog has a fuzzy or untranslated message —
# so a new or changed string in the sources fails until it is translated —
# or fails `msgfmt --check`, or its header lacks the language, UTF-8 or the
# language's plural rule, or French text has an ordinary space where French
# typography wants a non-breaking one (before : ; ! ? and inside « »).

import importlib.util
import os
import re
import subprocess
import sys
import tempfile

# The plural rules the catalogs must declare (see README.md, "Translating").
PLURAL_FORMS = {
    'de': 'nplurals=2; plural=(n != 1);',
    'es': 'nplurals=2; plural=(n != 1);',
    'fr': 'nplurals=2; plural=(n > 1);',
}

STATISTICS = re.compile(r'(\d+) (translated|fuzzy|untranslated)')
FRENCH_SPACE = re.compile(r' [:;!?»]|« ')


def load_potfiles_checker(root):
    path = os.path.join(root, 'build-aux', 'check-potfiles.py')
    spec = importlib.util.spec_from_file_location('check_potfiles', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def xgettext_args(potfiles):
    """meson's own 'glib' preset when meson is importable, else the keywords
    check-potfiles.py knows (the flags only add c-format marks)."""
    try:
        from mesonbuild.modules.i18n import PRESET_ARGS
        return list(PRESET_ARGS['glib'])
    except (ImportError, KeyError):
        return list(potfiles.XGETTEXT_ARGS)


def make_pot(root, potfiles, tmp):
    listed = potfiles.read_list(os.path.join(root, 'po', 'POTFILES.in'))
    pot = os.path.join(tmp, 'copydesk.pot')
    subprocess.run(['xgettext', '--package-name=copydesk', '--directory=' + root,
                    '--keyword=_', '--output=' + pot, '--force-po']
                   + xgettext_args(potfiles) + listed, check=True)
    return pot


def header_of(path):
    """The header entry's fields of a catalog, as a dict."""
    result = subprocess.run(['msgattrib', '--no-wrap', '--no-location', path],
                            capture_output=True, text=True, check=True)
    fields = {}
    for line in result.stdout.split('\n\n', 1)[0].splitlines():
        match = re.match(r'^"([A-Za-z-]+): (.*)\\n"$', line)
        if match:
            fields[match.group(1)] = match.group(2)
    return fields


def msgstrs(path):
    """Every translation in a catalog, joined lines, escapes left as they are."""
    result = subprocess.run(['msgattrib', '--no-wrap', '--translated', '--no-fuzzy', path],
                            capture_output=True, text=True, check=True)
    return re.findall(r'^msgstr(?:\[\d+\])? "(.*)"$', result.stdout, re.M)


def check_catalog(lang, po, pot, tmp):
    errors = []
    result = subprocess.run(['msgfmt', '--check', '--output-file=/dev/null', po],
                            capture_output=True, text=True)
    if result.returncode != 0:
        return [f'po/{lang}.po fails msgfmt --check:\n{result.stderr.strip()}']

    merged = os.path.join(tmp, lang + '.po')
    subprocess.run(['msgmerge', '--quiet', '--previous', '--output-file=' + merged, po, pot],
                   check=True)
    result = subprocess.run(['msgfmt', '--check', '--statistics', '--output-file=/dev/null',
                             merged], capture_output=True, text=True)
    if result.returncode != 0:
        errors.append(f'po/{lang}.po fails msgfmt --check once merged with the sources:\n'
                      + result.stderr.strip())
    counts = {kind: int(n) for n, kind in STATISTICS.findall(result.stderr)}
    print(f'{lang}: {counts.get("translated", 0)} translated, {counts.get("fuzzy", 0)} fuzzy, '
          f'{counts.get("untranslated", 0)} untranslated')
    for kind, option in (('fuzzy', '--only-fuzzy'), ('untranslated', '--untranslated')):
        if counts.get(kind, 0):
            listing = subprocess.run(['msgattrib', option, '--no-obsolete', '--no-wrap',
                                      merged], capture_output=True, text=True).stdout
            ids = re.findall(r'^msgid "(.+)"$', listing, re.M)
            errors.append(f'po/{lang}.po has {counts[kind]} {kind} message(s) after merging '
                          'with the sources: ' + '; '.join(ids))

    header = header_of(po)
    if header.get('Language') != lang:
        errors.append(f'po/{lang}.po: the header says Language: {header.get("Language")!r}')
    if 'charset=UTF-8' not in header.get('Content-Type', ''):
        errors.append(f'po/{lang}.po: the header does not say charset=UTF-8')
    if not header.get('Project-Id-Version', '').startswith('copydesk'):
        errors.append(f'po/{lang}.po: the header has no Project-Id-Version for copydesk')
    plural = header.get('Plural-Forms')
    if plural is None or (lang in PLURAL_FORMS and plural != PLURAL_FORMS[lang]):
        errors.append(f'po/{lang}.po: Plural-Forms is {plural!r}, '
                      f'expected {PLURAL_FORMS.get(lang, "a plural rule")!r}')

    if lang == 'fr':
        for text in msgstrs(po):
            if FRENCH_SPACE.search(text):
                errors.append(f'po/fr.po: an ordinary space where French typography wants a '
                              f'non-breaking one: "{text}"')
    return errors


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else '.')
    potfiles = load_potfiles_checker(root)
    linguas = potfiles.read_list(os.path.join(root, 'po', 'LINGUAS'))
    errors = []
    with tempfile.TemporaryDirectory() as tmp:
        pot = make_pot(root, potfiles, tmp)
        for lang in linguas:
            po = os.path.join(root, 'po', lang + '.po')
            if not os.path.isfile(po):
                errors.append(f'po/LINGUAS names {lang}, but there is no po/{lang}.po')
                continue
            errors += check_catalog(lang, po, pot, tmp)
    for error in errors:
        print(error, file=sys.stderr)
    print(f'{len(linguas)} catalogs, {len(errors)} problems')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
