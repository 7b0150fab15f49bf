#!/usr/bin/python3
# test-cli-archive.py — "copydesk archive" as a cron job runs it
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: test-cli-archive.py COPYDESK
# Runs the real binary without a display against a local-folder account (no
# network) and checks the exit status and what it says when pieces are
# skipped (edited on the site after they were listed) or fail. TAP output.

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

copydesk = sys.argv[1]

tmp = tempfile.mkdtemp(prefix='copydesk-cli-archive-')
site = os.path.join(tmp, 'site')
library = os.path.join(tmp, 'data', 'copydesk', 'library.db')

env = dict(os.environ)
for var in ('DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS'):
    env.pop(var, None)
env['GSETTINGS_BACKEND'] = 'keyfile'
env['XDG_CONFIG_HOME'] = os.path.join(tmp, 'config')
env['XDG_DATA_HOME'] = os.path.join(tmp, 'data')

count = 0
failed = 0


def run(*args):
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


def statuses():
    r = run('list', '--json')
    return {s['headline']: s['status'] for s in json.loads(r.stdout)} if r.returncode == 0 else {}


def page(folder):
    with open(os.path.join(site, folder, 'index.html')) as f:
        return f.read()


# Four pieces published on a local-folder account, first published two
# years ago.
r = run('account', 'add', 'desk', '--type', 'local', '--folder', site, '--default')
check('a local account is added', r.returncode == 0, r.stderr)
files = []
for name in ('a', 'b', 'c', 'd'):
    path = os.path.join(tmp, f'{name}.json')
    with open(path, 'w') as f:
        json.dump({'uri': f'urn:copydesk:test:{name}',
                   'headlines': [{'role': 'main', 'value': f'Story {name}'}],
                   'by': 'Jane Doe',
                   'bodies': [{'role': 'main', 'contenttype': 'text/plain',
                               'value': f'Paragraph {name}.'}]}, f)
    files.append(path)
r = run('import', *files)
ids = r.stdout.split()
check('four stories are imported', r.returncode == 0 and len(ids) == 4, r.stderr)
r = run('push', *ids)
check('the push publishes all four', r.returncode == 0 and
      set(statuses().values()) == {'published'}, r.stderr)
with sqlite3.connect(library) as db:
    db.execute('UPDATE stories SET first_published = ?',
               (int((time.time() - 2 * 365 * 86400) * 1e6),))
db.close()
r = run('sync')
check('the first sync lists all four', r.returncode == 0 and 'Synced: 4' in r.stdout, r)

# Behind the library's back: b's page is edited without its time moving
# past the last sync's mark (so the next sync does not list it again), and
# d's folder goes away for a while.
b_page = os.path.join(site, 'story-b', 'index.html')
st = os.stat(b_page)
os.utime(b_page, (st.st_atime, st.st_mtime - 3600))
b_before = page('story-b')
shutil.move(os.path.join(site, 'story-d'), os.path.join(tmp, 'story-d'))

r = run('archive', '--older-than', '1y', '--dry-run')
check('a dry run lists the four and exits 0',
      r.returncode == 0 and len(r.stdout.splitlines()) == 4, r)

r = run('archive', '--older-than', '1y')
check('a skipped or failed piece makes the exit status 1', r.returncode == 1, r)
check('the summary counts each outcome',
      'Archived: 2, skipped (edited on the site): 1, failed: 1' in r.stdout, r.stdout)
check('stderr names the skipped piece and why',
      f'{ids[1]}: “story-b” was changed since it was listed' in r.stderr, r.stderr)
check('stderr names the failed piece and why',
      f'{ids[3]}: There is no published story in “story-d”' in r.stderr, r.stderr)
check('stderr says why the run did not succeed',
      'copydesk archive: 1 piece was skipped: it was edited on the site after it was listed'
      in r.stderr and 'copydesk archive: 1 piece could not be archived; the reason is above'
      in r.stderr, r.stderr)
s = statuses()
check('the others are archived, the skipped one left as it was',
      s == {'Story a': 'archived', 'Story b': 'published', 'Story c': 'archived',
            'Story d': 'published'} and page('story-b') == b_before, s)

# Only a skip, run again as cron would: still 1, and no failure line.
shutil.move(os.path.join(tmp, 'story-d'), os.path.join(site, 'story-d'))
r = run('archive', '--older-than', '1y')
check('a skip alone still exits 1', r.returncode == 1, r)
check('... with only the skip reported',
      'skipped (edited on the site): 1, failed: 0' in r.stdout and
      'piece was skipped' in r.stderr and 'could not be archived' not in r.stderr, r)

# Listed afresh, the rest archive cleanly: exit 0, nothing on stderr but progress.
r = run('sync', '--full')
check('a full sync lists the edited piece again', r.returncode == 0, r.stderr)
r = run('archive', '--older-than', '1y')
check('with nothing skipped or failed the exit status is 0', r.returncode == 0, r)
check('... and it says so', 'Archived: 1, skipped (edited on the site): 0, failed: 0' in r.stdout
      and 'skipped:' not in r.stderr and 'could not' not in r.stderr, r)
check('every piece is archived now', set(statuses().values()) == {'archived'}, statuses())

shutil.rmtree(tmp, ignore_errors=True)
print(f'1..{count}')
sys.exit(1 if failed else 0)
