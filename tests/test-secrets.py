#!/usr/bin/python3
# test-secrets.py — the WordPress password leaves no trace outside the keyring
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: test-secrets.py COPYDESK
# Runs under tests/fixtures/with-keyring.sh and tests/fixtures/with-wordpress.sh
# (WP_URL, WP_USER, WP_APP_PASSWORD). Adds the account with the real
# application password through `copydesk account add`, pushes a story, runs
# every command with all debug logging on, then looks for the password (and
# the forms it travels in) in the library file and its -wal/-shm, every file
# under the temporary XDG folders (settings are a GSettings keyfile there) and
# every command's output. It also checks that the password was really used,
# so that finding nothing means something. TAP output.

import base64
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request

copydesk = sys.argv[1]
url = os.environ['WP_URL']
user = os.environ['WP_USER']
password = os.environ['WP_APP_PASSWORD']
bad_password = password + 'x'   # holds the real one: its leaks count too

tmp = tempfile.mkdtemp(prefix='copydesk-secrets-')
xdg = {name: os.path.join(tmp, sub) for name, sub in (
    ('HOME', 'home'), ('XDG_DATA_HOME', 'data'), ('XDG_CONFIG_HOME', 'config'),
    ('XDG_CACHE_HOME', 'cache'), ('XDG_STATE_HOME', 'state'))}
for path in xdg.values():
    os.makedirs(path, mode=0o700)

env = dict(os.environ)
for var in ('DISPLAY', 'WAYLAND_DISPLAY', 'WP_APP_PASSWORD'):
    env.pop(var, None)
env.update(xdg)
env['GSETTINGS_BACKEND'] = 'keyfile'
env['G_MESSAGES_DEBUG'] = 'all'
# DBUS_SESSION_BUS_ADDRESS stays: it leads to with-keyring.sh's keyring.

library = os.path.join(xdg['XDG_DATA_HOME'], 'copydesk', 'library.db')
keyfile = os.path.join(xdg['XDG_CONFIG_HOME'], 'glib-2.0', 'settings', 'keyfile')
exports = os.path.join(tmp, 'exports')

count = 0
failed = 0
outputs = []   # (command, stdout + stderr as bytes)


def check(name, condition, detail=''):
    global count, failed
    count += 1
    name = name.replace('\n', ' ')
    if condition:
        print(f'ok {count} - {name}')
    else:
        failed += 1
        print(f'not ok {count} - {name}')
        for line in str(detail).splitlines():
            print(f'# {line}')


def run(*args, stdin=None):
    r = subprocess.run([copydesk, *args], capture_output=True, env=env,
                       input=stdin.encode() if stdin is not None else None, timeout=120)
    label = ' '.join(args)
    for form in needles().values():
        label = label.replace(form.decode(), '***')
    outputs.append((label, r.stdout + r.stderr))
    r.out = without_logs(r.stdout.decode(errors='replace'))
    r.err = without_logs(r.stderr.decode(errors='replace'))
    return r


# GLib writes debug messages to stdout: leave them out of the results.
LOG_LINE = re.compile(r'^\(copydesk:\d+\): [\w-]+-(DEBUG|INFO): ')


def without_logs(text):
    return ''.join(line for line in text.splitlines(keepends=True) if not LOG_LINE.match(line))


def rest_get(route, query):
    token = base64.b64encode(f'{user}:{password}'.encode()).decode()
    request = urllib.request.Request(f'{url}/?rest_route={urllib.parse.quote(route)}&{query}',
                                     headers={'Authorization': f'Basic {token}'})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


# The forms the password could leak in.
def needles():
    forms = {}
    for label, secret in (('password', password), ('wrong password', bad_password)):
        forms[label] = secret
        forms[label + ' without spaces'] = secret.replace(' ', '')
        forms[label + ', URL-encoded'] = urllib.parse.quote(secret)
        forms[label + ', URL-encoded (+)'] = urllib.parse.quote_plus(secret)
        forms[label + ' in Basic'] = base64.b64encode(f'{user}:{secret}'.encode()).decode()
    return {label: form.encode() for label, form in forms.items()}


def find_leaks(data):
    return [label for label, form in needles().items() if form in data]


headline = f'Secrets test {os.getpid()}: council approves harbour plan'
story_file = os.path.join(tmp, 'story.json')
with open(story_file, 'w') as f:
    json.dump({
        'uri': f'urn:copydesk-test:secrets:{os.getpid()}',
        'type': 'text',
        'headlines': [{'role': 'main', 'contenttype': 'text/plain', 'value': headline}],
        'by': 'Jane Doe',
        'bodies': [{'role': 'main', 'contenttype': 'text/html',
                    'value': '<p>The council voted 7–4.</p>'}],
    }, f)

# The account, with the password on standard input.
r = run('account', 'add', 'newsroom', '--url', url, '--user', user, '--default',
        stdin=password + '\n')
check('account add succeeds', r.returncode == 0, r.err)
r = run('account', 'add', 'wrong', '--url', url, '--user', user, stdin=bad_password + '\n')
check('account add with a wrong password succeeds', r.returncode == 0, r.err)
in_url = url.replace('://', f'://{user}:{urllib.parse.quote(password, safe="")}@', 1)
r = run('account', 'add', 'in-url', '--url', in_url, '--user', user, stdin=password + '\n')
check('an address with the password in it is refused', r.returncode != 0, r.out + r.err)
check('settings are a keyfile under XDG_CONFIG_HOME',
      os.path.exists(keyfile) and url in open(keyfile, encoding='utf-8').read(), keyfile)

r = run('account', 'list')
check('account list names both', r.returncode == 0 and 'newsroom' in r.out and 'wrong' in r.out,
      r.out + r.err)
r = run('account', 'test', 'newsroom')
check('account test signs in with the stored password',
      r.returncode == 0 and 'Signed in as' in r.out, r.out + r.err)
r = run('account', 'test', 'wrong')
check('account test with the wrong password fails', r.returncode != 0, r.out + r.err)

r = run('import', story_file)
story_id = r.out.strip()
check('import makes a story', r.returncode == 0 and story_id != '', r.err)
check('the library is at its default place', os.path.exists(library), library)

# Keep a connection open, so the -wal and -shm files outlive every command
# and can be searched too.
keeper = sqlite3.connect(library)
check('the library is in WAL mode',
      keeper.execute('PRAGMA journal_mode').fetchone()[0] == 'wal')

r = run('push', story_id)
check('push publishes the story', r.returncode == 0 and 'Published: http' in r.err, r.out + r.err)

# The password really went to WordPress: the post is there.
posts = rest_get('/wp/v2/posts', 'status=any&context=edit&search=' +
                 urllib.parse.quote(f'Secrets test {os.getpid()}'))
check('WordPress has the pushed post',
      len(posts) == 1 and posts[0]['title']['raw'] == headline, posts)

for args in (('list',), ('list', '--json'), ('show', story_id), ('show', story_id, '--json'),
             ('search', 'harbour'), ('status',), ('status', '--json'), ('account', 'list'),
             ('export', '--ninjs', exports, story_id), ('push', story_id),
             ('account', 'test', 'newsroom'), ('sync',), ('sync', '--full'),
             ('archive', '--older-than', '1d', '--dry-run'), ('archive', '--older-than', '1d')):
    r = run(*args)
    check('copydesk ' + ' '.join(args) + ' succeeds', r.returncode == 0, r.out + r.err)
status = json.loads(run('status', '--json').out or 'null')
check('status says published', json.dumps(status).find('published') >= 0, status)
# Last, as they leave failures behind.
r = run('sync', '--account', 'wrong')
check('sync with the wrong password fails', r.returncode != 0, r.out + r.err)
r = run('push', '--account', 'wrong', story_id)
check('push with the wrong password fails', r.returncode != 0, r.out + r.err)
check('debug logging was on', any(b'-DEBUG' in out for _, out in outputs))

# Now search everything.
files = []
for root, dirs, names in os.walk(tmp):
    files.extend(os.path.join(root, name) for name in names)
for suffix in ('', '-wal', '-shm'):
    check(f'library{suffix} exists to be searched', library + suffix in files)
check('the export exists to be searched', any(p.startswith(exports) for p in files))

check('the search finds each form of the secret',
      all(label in find_leaks(b'<' + form + b'>') for label, form in needles().items()))
for path in sorted(files):
    with open(path, 'rb') as f:
        leaks = find_leaks(f.read())
    check(f'no secret in {os.path.relpath(path, tmp)}', not leaks, leaks)

for command, out in outputs:
    leaks = find_leaks(out)
    check(f'no secret in the output of copydesk {command}', not leaks, leaks)

keeper.close()
shutil.rmtree(tmp)
print(f'1..{count}')
sys.exit(1 if failed else 0)
