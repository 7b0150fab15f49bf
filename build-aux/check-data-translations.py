#!/usr/bin/python3
# check-data-translations.py — the merged desktop file and metainfo carry every language
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-data-translations.py DESKTOP_FILE METAINFO_FILE LINGUAS
#
# For each language in LINGUAS: the desktop file (as i18n.merge_file wrote it
# into the build tree) has a translated Name, GenericName, Comment and
# Keywords, the Comment differing from the English one and the Keywords ending
# in ';'; the metainfo has a translation of its summary and of every
# paragraph and list item of its descriptions.

import configparser
import sys
import xml.etree.ElementTree as ET

XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'


def read_list(path):
    with open(path, encoding='utf-8') as f:
        return [line.strip() for line in f if line.strip() and not line.startswith('#')]


def check_desktop(path, linguas):
    parser = configparser.RawConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(path, encoding='utf-8')
    entry = parser['Desktop Entry']
    errors = []
    for lang in linguas:
        for key in ('Name', 'GenericName', 'Comment', 'Keywords'):
            if f'{key}[{lang}]' not in entry:
                errors.append(f'{path}: no {key}[{lang}]')
        comment = entry.get(f'Comment[{lang}]')
        if comment is not None and comment == entry.get('Comment'):
            errors.append(f'{path}: Comment[{lang}] is the English text')
        keywords = entry.get(f'Keywords[{lang}]')
        if keywords is not None and not keywords.endswith(';'):
            errors.append(f'{path}: Keywords[{lang}] does not end with a semicolon')
    return errors


def check_metainfo(path, linguas):
    root = ET.parse(path).getroot()
    errors = []
    # Elements that hold text, grouped under their parent: each English one
    # (no xml:lang) needs a sibling in each language.
    for parent in root.iter():
        children = [c for c in parent if c.tag in ('summary', 'p', 'li', 'caption')]
        english = [c for c in children if XML_LANG not in c.attrib]
        for lang in linguas:
            translated = [c for c in children if c.attrib.get(XML_LANG) == lang]
            if len(translated) != len(english):
                errors.append(f'{path}: {len(english)} English <{children[0].tag}> under '
                              f'<{parent.tag}> but {len(translated)} with xml:lang="{lang}"')
            for en, tr in zip(english, translated):
                if (tr.text or '').strip() == (en.text or '').strip():
                    errors.append(f'{path}: the {lang} <{tr.tag}> is the English text: {en.text!r}')
    return errors


def main():
    desktop, metainfo, linguas_path = sys.argv[1:4]
    linguas = read_list(linguas_path)
    errors = check_desktop(desktop, linguas) + check_metainfo(metainfo, linguas)
    for error in errors:
        print(error, file=sys.stderr)
    print(f'{len(linguas)} languages, {len(errors)} problems')
    return 1 if errors else 0 if linguas else 1


if __name__ == '__main__':
    sys.exit(main())
