#!/usr/bin/python3
# test-cli-library.py — the library's commands, as a user runs them
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: test-cli-library.py COPYDESK SRCDIR
# Runs the real binary without a display against a library in a temporary
# folder, and checks output, files and exit statuses. TAP output.

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

copydesk, srcdir = sys.argv[1], sys.argv[2]
ninjs_dir = os.path.join(srcdir, 'data', 'ninjs')
agency = [os.path.join(ninjs_dir, n) for n in
          ('ntb_text.json', 'tt_text_image_2.json', 'ninjsExSimpleText_2.json')]

tmp = tempfile.mkdtemp(prefix='copydesk-cli-')
library = os.path.join(tmp, 'lib', 'library.db')

env = dict(os.environ)
for var in ('DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS'):
    env.pop(var, None)
env['XDG_DATA_HOME'] = os.path.join(tmp, 'data')

count = 0
failed = 0


def run(*args, stdin=None):
    return subprocess.run([copydesk, *args], capture_output=True, text=True,
                          env=env, input=stdin, timeout=60)


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


def listing():
    r = run('list', '--library', library, '--json')
    return json.loads(r.stdout) if r.returncode == 0 else None


# import
r = run('import', '--library', library, *agency)
ids = r.stdout.split()
check('import prints one id per file', r.returncode == 0 and len(ids) == 3, r.stderr)
stories = listing()
check('list shows the imported stories',
      stories is not None and sorted(s['id'] for s in stories) == sorted(ids), stories)
headlines = {s['headline'] for s in stories or []}
check('headlines come from the agency items',
      'Militärövning i jätteformat hålls 2023' in headlines, headlines)
check('imported stories are drafts', all(s['status'] == 'draft' for s in stories or []))

# a bad file among good ones changes nothing
bad = os.path.join(tmp, 'broken.json')
with open(bad, 'w') as f:
    f.write('{"headlines": [ {"value": "x"} ')
r = run('import', '--library', library, agency[0], bad)
check('a malformed file fails the import', r.returncode == 1, r)
check('the error names the file', 'broken.json' in r.stderr, r.stderr)
check('nothing was imported', len(listing() or []) == 3)

# show
tt_id = ids[1]
r = run('show', '--library', library, tt_id, '--json')
story = json.loads(r.stdout) if r.returncode == 0 else {}
check('show --json gives the story', story.get('id') == tt_id, r.stderr)
photos = story.get('photos', [])
check('the TT picture keeps its credit',
      len(photos) == 1 and photos[0]['credit'] == 'Karl Melander/TT', photos)
r = run('show', '--library', library, 'no-such-story')
check('show of an unknown story fails', r.returncode == 1 and 'no-such-story' in r.stderr, r)

# search
r = run('search', '--library', library, 'Aurora', '--json')
results = json.loads(r.stdout) if r.returncode == 0 else []
check('search finds the story', results and results[0]['id'] == tt_id, results)
r = run('search', '--library', library, '"unbalanced -quote')
check('search survives FTS syntax in the query', r.returncode == 0, r.stderr)

# export
out = os.path.join(tmp, 'export')
r = run('export', '--library', library, '--ninjs', out)
files = sorted(os.listdir(out)) if os.path.isdir(out) else []
check('export writes a file per story', r.returncode == 0 and len(files) == 3, r.stderr)
v = subprocess.run(['/usr/bin/python3', os.path.join(srcdir, 'validate-ninjs.py'),
                    os.path.join(ninjs_dir, 'ninjs-schema_2.2.json'),
                    *[os.path.join(out, f) for f in files]],
                   capture_output=True, text=True)
check('exported files validate against ninjs 2.2', v.returncode == 0, v.stdout + v.stderr)

# photo add, with metadata from the file itself
jpeg = os.path.join(tmp, 'photo.jpg')
subprocess.run(['convert', '-size', '64x48', 'xc:#3a6ea5', jpeg], check=True)
meta = subprocess.run(['/usr/bin/python3', '-c', '''
import sys, gi
gi.require_version("GExiv2", "0.10")
from gi.repository import GExiv2
m = GExiv2.Metadata()
m.open_path(sys.argv[1])
m.try_set_tag_string("Xmp.dc.description", "Divers search the wreck")
m.try_set_tag_string("Xmp.photoshop.Credit", "Jane Doe/Agency")
m.try_set_tag_string("Iptc.Application2.Caption", "IIM caption loses")
m.save_file(sys.argv[1])
''', jpeg], capture_output=True, text=True)
check('the test photo carries XMP metadata', meta.returncode == 0, meta.stderr)
draft_id = ids[0]
# With GLib's debug messages on, they go to stderr, never into the output.
env['G_MESSAGES_DEBUG'] = 'all'
r = run('photo', 'add', draft_id, jpeg, '--alt', 'A diver in dark water', '--library', library)
del env['G_MESSAGES_DEBUG']
check('photo add prints the photo id', r.returncode == 0 and len(r.stdout.strip()) == 36, r)
check('debug messages stay out of stdout', r.stdout.count('\n') == 1 and 'DEBUG' in r.stderr, r)
story = json.loads(run('show', '--library', library, draft_id, '--json').stdout)
added = story['photos'][-1]
check('the caption comes from XMP, not IIM',
      added['caption'] == 'Divers search the wreck', added)
check('the credit comes from XMP', added['credit'] == 'Jane Doe/Agency', added)
check('an option wins over metadata', added['alt_text'] == 'A diver in dark water', added)
with open(jpeg, 'rb') as f:
    digest = hashlib.sha256(f.read()).hexdigest()
check('the photo was copied into the library',
      os.path.dirname(library) in added['file'] and digest in added['file'], added['file'])
os.unlink(jpeg)
check('the copy survives the original', os.path.exists(added['file']))

r = run('photo', 'add', draft_id, bad, '--library', library)
check('a non-image is refused', r.returncode == 1 and 'broken.json' in r.stderr, r)
story = json.loads(run('show', '--library', library, draft_id, '--json').stdout)
check('the refused photo left the story alone', len(story['photos']) == 1, story['photos'])

# usage errors
r = run('frobnicate')
check('an unknown command exits 2', r.returncode == 2 and 'frobnicate' in r.stderr, r)
r = run('list', '--library', library, '--status', 'bogus')
check('an unknown status exits 2', r.returncode == 2, r)
r = run('import', '--library', library)
check('import without files exits 2', r.returncode == 2, r)

# a library from a newer Copydesk is refused and left alone
newer = os.path.join(tmp, 'newer.db')
con = sqlite3.connect(newer)
con.execute('PRAGMA user_version = 999')
con.execute('CREATE TABLE stories (id TEXT)')
con.commit()
con.close()
with open(newer, 'rb') as f:
    before = f.read()
r = run('list', '--library', newer)
with open(newer, 'rb') as f:
    after = f.read()
check('a newer library is refused', r.returncode == 1 and 'newer' in r.stderr.lower(), r)
check('the newer library is untouched', before == after)

print(f'1..{count}')
sys.exit(1 if failed else 0)
