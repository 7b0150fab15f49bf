#!/usr/bin/python3
# test-cli-i18n.py — the command line in German, Spanish and French
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: test-cli-i18n.py COPYDESK
# Runs the real binary as a user with LANGUAGE=de (es, fr) and a real locale
# (de_DE.UTF-8, for dates and numbers too) would: --help texts, a command's --help, `copydesk show` labels and error
# messages must come out in that language, from the build tree's catalogs
# (COPYDESK_LOCALEDIR, set by the test environment). TAP output.

import os
import subprocess
import sys
import tempfile

copydesk = sys.argv[1]

EXPECTED = {
    'de': {
        'locale': 'de_DE.UTF-8',
        'summary': 'Nachrichten schreiben, bebildern und veröffentlichen.',
        'description': '„copydesk help“ zeigt die Liste der Befehle.',
        'list_summary': 'Die Artikel der Bibliothek auflisten, neueste zuerst.',
        'library_option': 'Die Bibliothek unter PFAD statt der Standardbibliothek verwenden',
        'commands': 'Befehle:',
        'no_story': 'copydesk show: In der Bibliothek gibt es keinen Artikel „nope“',
        'unknown': 'copydesk: Unbekannter Befehl „frobnicate“',
        'headline': 'Überschrift',
        'status_label': 'Status',
        'status': 'Entwurf',
    },
    'es': {
        'locale': 'es_ES.UTF-8',
        'summary': 'Escriba, ilustre y publique noticias.',
        'description': 'Ejecute «copydesk help» para ver la lista de órdenes.',
        'list_summary': 'Lista los artículos de la biblioteca, los más recientes primero.',
        'library_option': 'Usar la biblioteca en RUTA en lugar de la predeterminada',
        'commands': 'Órdenes:',
        'no_story': 'copydesk show: No hay ningún artículo «nope» en la biblioteca',
        'unknown': 'copydesk: orden desconocida «frobnicate»',
        'headline': 'Titular',
        'status_label': 'Estado',
        'status': 'Borrador',
    },
    'fr': {
        'locale': 'fr_FR.UTF-8',
        'summary': 'Rédiger, légender et publier des articles d’actualité.',
        'description': 'Lancez «\u00a0copydesk help\u00a0» pour obtenir la liste des commandes.',
        'list_summary': 'Lister les articles de la bibliothèque, du plus récent au plus ancien.',
        'library_option': 'Utiliser la bibliothèque située à CHEMIN au lieu de celle par défaut',
        'commands': 'Commandes\u00a0:',
        'no_story': 'copydesk show\u00a0: Il n’y a aucun article «\u00a0nope\u00a0» dans la bibliothèque',
        'unknown': 'copydesk\u00a0: commande inconnue «\u00a0frobnicate\u00a0»',
        'headline': 'Titre',
        'status_label': 'État',
        'status': 'Brouillon',
    },
}

tmp = tempfile.mkdtemp(prefix='copydesk-cli-i18n-')
library = os.path.join(tmp, 'lib', 'library.db')
story_file = os.path.join(tmp, 'story.md')
with open(story_file, 'w', encoding='utf-8') as f:
    f.write('# Harbour Bridge Reopens\n\nThe bridge reopened on Tuesday.\n')

count = 0
failed = 0


def environment(language, locale):
    env = dict(os.environ)
    for var in ('DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS', 'LANG',
                'LC_MESSAGES', 'LC_CTYPE'):
        env.pop(var, None)
    env['XDG_DATA_HOME'] = os.path.join(tmp, 'data')
    env['LANGUAGE'] = language
    env['LC_ALL'] = locale
    return env


def run(env, *args):
    return subprocess.run([copydesk, *args], capture_output=True, text=True,
                          env=env, timeout=60)


def check(name, condition, detail=''):
    global count, failed
    count += 1
    if condition:
        print(f'ok {count} - {name}')
    else:
        failed += 1
        print(f'not ok {count} - {name}')
        for line in str(detail).splitlines():
            print(f'# {line}')


if not os.environ.get('COPYDESK_LOCALEDIR'):
    print('1..0 # SKIP COPYDESK_LOCALEDIR is not set')
    sys.exit(0)

r = run(environment('en', 'C.UTF-8'), 'import', '--library', library, story_file)
story_id = r.stdout.strip()
check('a story to show', r.returncode == 0 and story_id, r)

for language, want in EXPECTED.items():
    env = environment(language, want['locale'])

    r = run(env, '--help')
    check(f'{language}: copydesk --help', r.returncode == 0
          and want['summary'] in r.stdout and want['description'] in r.stdout, r.stdout)

    r = run(env, 'list', '--help')
    check(f'{language}: copydesk list --help', r.returncode == 0
          and want['list_summary'] in r.stdout and want['library_option'] in r.stdout, r.stdout)

    r = run(env, 'help')
    check(f'{language}: copydesk help', r.returncode == 0 and want['commands'] in r.stdout,
          r.stdout)

    r = run(env, 'show', '--library', library, 'nope')
    check(f'{language}: an error message', r.returncode == 1 and want['no_story'] in r.stderr,
          r.stderr)

    r = run(env, 'frobnicate')
    check(f'{language}: an unknown command', r.returncode == 2 and want['unknown'] in r.stderr,
          r.stderr)

    r = run(env, 'show', '--library', library, story_id)
    fields = {line[:12].rstrip(): line[13:] for line in r.stdout.splitlines()[:8]
              if len(line) > 13 and line[12] == ' '}
    check(f'{language}: show labels, aligned by characters',
          r.returncode == 0 and fields.get(want['headline']) == 'Harbour Bridge Reopens'
          and fields.get(want['status_label']) == want['status'], r.stdout)

# LANGUAGE counts under any locale but plain C: C.UTF-8 is enough for the
# messages, while LC_ALL=C (or LANG=C) ignores it.
r = run(environment('de', 'C.UTF-8'), 'show', '--library', library, 'nope')
check('LANGUAGE=de under C.UTF-8', r.returncode == 1
      and EXPECTED['de']['no_story'] in r.stderr, r.stderr)
r = run(environment('de', 'C'), 'show', '--library', library, 'nope')
check('LANGUAGE=de under C stays English', r.returncode == 1
      and 'There is no story' in r.stderr, r.stderr)

print(f'1..{count}')
sys.exit(1 if failed else 0)
