#!/usr/bin/python3
# test-crash-recovery.py — SIGKILL the real app while a user types into it
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: test-crash-recovery.py COPYDESK [ROUNDS]
# Run under dbus-run-session and xvfb-run (meson does). Each round starts the
# real binary on a private library, settings and state folder, creates a
# story with Ctrl+Shift+N, types its headline and then its body in bursts
# through xdotool (as key events, like a person), and SIGKILLs the process
# at a random moment, usually mid-burst. After each kill:
#
#   - every character sent more than BOUND seconds before the kill is in the
#     library (checked per piece of up to 12 characters, so a long run of
#     typing with no pause counts too), and what the library holds is a prefix
#     of what was typed (nothing garbled, nothing out of order);
#   - PRAGMA integrity_check is ok;
#   - the next start says it recovered, and names the story and a save time
#     no later than the kill.
#
# BOUND: the body reaches the story 200 ms after the last keystroke (the
# editor's sync delay; at most BODY_SYNC_MAX_DELAY_MS after the first unsynced
# one while typing goes on), the library writes 400 ms after the last change
# (AUTOSAVE_DELAY_MS; at most 900 ms after the first unsaved one while typing
# goes on), plus the commit's fsync and the time X and GTK take to deliver
# the keys on a loaded machine: 0.6 s of design plus 0.9 s of margin.
# Finally a clean quit (Ctrl+Q) must leave no recovery notice behind.
# TAP output; the figures go to the log as comments.

import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

BOUND = 1.5
copydesk = sys.argv[1]
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
seed = int(os.environ.get('CD_TEST_SEED', str(int(time.time()))))
rng = random.Random(seed)

tmp = tempfile.mkdtemp(prefix='copydesk-crash-')
library = os.path.join(tmp, 'data', 'copydesk', 'library.db')
state_file = os.path.join(tmp, 'state', 'copydesk', 'session')

env = dict(os.environ)
env['XDG_DATA_HOME'] = os.path.join(tmp, 'data')
env['XDG_STATE_HOME'] = os.path.join(tmp, 'state')
env['XDG_CONFIG_HOME'] = os.path.join(tmp, 'config')
env['XDG_CACHE_HOME'] = os.path.join(tmp, 'cache')
# last-story must outlive the process: a settings file in the temporary folder.
env['GSETTINGS_BACKEND'] = 'keyfile'
env['GDK_BACKEND'] = 'x11'
env['GSK_RENDERER'] = 'cairo'
env['NO_AT_BRIDGE'] = '1'
env['GTK_A11Y'] = 'none'

count = 0
failed = 0


def check(name, condition, detail=''):
    global count, failed
    count += 1
    if condition:
        print(f'ok {count} - {name}', flush=True)
    else:
        failed += 1
        print(f'not ok {count} - {name}', flush=True)
        for line in str(detail).splitlines():
            print(f'# {line}', flush=True)


def note(text):
    print(f'# {text}', flush=True)


def xdotool(*args, timeout=60):
    return subprocess.run(['xdotool', *args], capture_output=True, text=True, timeout=timeout)


def story_ids():
    """The stories on disk, read-only and straight from SQLite: cheap enough
    to poll while the app runs, and it never writes."""
    if not os.path.exists(library):
        return set()
    try:
        db = sqlite3.connect(f'file:{library}?mode=ro', uri=True, timeout=10)
        try:
            return {row[0] for row in db.execute('SELECT id FROM stories')}
        finally:
            db.close()
    except sqlite3.Error:
        return set()


def wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    return predicate()


class App:
    def __init__(self, name):
        self.log_path = os.path.join(tmp, f'{name}.log')
        self.log = open(self.log_path, 'w')
        self.proc = subprocess.Popen([copydesk], env=env, stdout=self.log, stderr=self.log)
        self.window = None

    def stderr(self):
        with open(self.log_path) as f:
            return f.read()

    def wait_window(self, timeout=60):
        def find():
            if self.proc.poll() is not None:
                return 'exited'
            r = xdotool('search', '--onlyvisible', '--pid', str(self.proc.pid), '--name', '.')
            ids = r.stdout.split()
            return ids[-1] if ids else None
        self.window = wait_for(find, timeout)
        if self.window in (None, 'exited'):
            return False
        # No window manager on Xvfb: give the window the keyboard ourselves,
        # and keep the pointer over it.
        xdotool('windowmove', self.window, '0', '0')
        xdotool('windowfocus', '--sync', self.window)
        xdotool('mousemove', '--window', self.window, '5', '5')
        time.sleep(0.5)
        return True

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)

    def wait(self, timeout=30):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return self.proc.wait(timeout)
        finally:
            self.log.close()


def show(story_id):
    r = subprocess.run([copydesk, 'show', story_id, '--json', '--library', library],
                       capture_output=True, text=True, env=env, timeout=60)
    return json.loads(r.stdout) if r.returncode == 0 else None


def integrity():
    db = sqlite3.connect(library, timeout=10)
    try:
        return db.execute('PRAGMA integrity_check').fetchone()[0]
    finally:
        db.close()


WORDS = ('harbour bridge council traffic ferry engineers steel cables reopened '
         'morning commuters mayor delay inspection repairs weekend river crossing '
         'lanes cyclists tolls budget contractor spokesperson evening').split()


def burst_text(round_no, burst_no):
    # Mostly a phrase; now and then a long run with no pause at all, as a
    # fast typist writes a paragraph.
    n = rng.randint(15, 30) if rng.random() < 0.3 else rng.randint(3, 8)
    words = ' '.join(rng.choice(WORDS) for _ in range(n))
    return f'R{round_no}B{burst_no} {words}. '


def type_burst(text, field, typed):
    """Types @text as one run of keys 20 ms apart, in pieces of a dozen
    characters back to back, noting when each piece's last key had been
    sent: the bound is checked piece by piece, so a long run counts too."""
    for i in range(0, len(text), 12):
        if 't' in kill_at:
            return
        piece = text[i:i + 12]
        xdotool('type', '--delay', '20', piece)
        typed.append((piece, time.time(), field))


kill_at = {}   # 't': when this round's SIGKILL went out
recovered_re = re.compile(r'Recovered from an unclean exit: (?:story (\S+) saved at (\d+)|no save)')

totals = {'rounds': 0, 'kills': 0, 'typed': 0, 'pieces': 0, 'required': 0,
          'lost_required': 0, 'lost_chars': 0, 'oldest_lost': 0.0, 'newest_kept': None}
expected_story = None   # the story the last kill's session saved last
last_kill = None
note(f'seed {seed}, {rounds} rounds, bound {BOUND} s')

for round_no in range(1, rounds + 1):
    app = App(f'round{round_no}')
    if not app.wait_window():
        check(f'round {round_no}: the window appears', False, app.stderr())
        print(f'Bail out! no window; logs in {tmp}')
        sys.exit(1)
    started = time.time()

    # The previous round's kill: the start says so, naming the story and a
    # save no later than the kill.
    if round_no > 1:
        m = wait_for(lambda: recovered_re.search(app.stderr()), 10)
        check(f'round {round_no}: the start reports the recovery', m is not None, app.stderr())
        if m and expected_story is not None:
            check(f'round {round_no}: it names the story saved last',
                  m.group(1) == expected_story, f'{m.group(0)} / expected {expected_story}')
            saved_at = int(m.group(2)) / 1e6 if m.group(2) else 0
            check(f'round {round_no}: the save it reports precedes the kill',
                  0 < saved_at <= last_kill + 0.01, f'{saved_at} vs kill at {last_kill}')
    else:
        check('round 1: a first start reports no recovery',
              'Recovered' not in app.stderr(), app.stderr())

    before = story_ids()
    # (piece, time its last key had been sent, field) for what was typed;
    # the kill comes from another thread at a random moment.
    typed = []
    kill_at.clear()
    delay = rng.uniform(2.5, 10.0)

    def killer():
        kill_at['t'] = time.time()
        app.kill()

    timer = threading.Timer(delay, killer)
    timer.start()

    created_sent = None
    xdotool('key', 'ctrl+shift+n')
    created_sent = time.time()
    new = wait_for(lambda: (story_ids() - before) or ('t' in kill_at and 'killed'), 20)
    story_id = next(iter(new)) if isinstance(new, set) and len(new) == 1 else None

    if story_id is not None and 't' not in kill_at:
        type_burst(f'Harbour Bridge Reopens R{round_no}', 'headline', typed)
        # Find, then Escape, leaves the keyboard in the body (closing the
        # search bar returns to the text), so the test needs no coordinates.
        xdotool('key', 'ctrl+f')
        time.sleep(0.3)
        xdotool('key', 'Escape')
        burst_no = 0
        while 't' not in kill_at:
            time.sleep(rng.uniform(0.05, 1.0))
            if 't' in kill_at:
                break
            burst_no += 1
            type_burst(burst_text(round_no, burst_no), 'body', typed)
    timer.join()
    app.wait()
    killed = kill_at['t']
    last_kill = killed
    totals['rounds'] += 1
    totals['kills'] += 1

    # What must be there: the story if Ctrl+Shift+N went out early enough,
    # then every piece typed more than BOUND before the kill.
    check(f'round {round_no}: integrity_check is ok after the kill', integrity() == 'ok')
    after = story_ids()
    created = after - before
    check(f'round {round_no}: at most one story was created', len(created) <= 1, created)
    if killed - created_sent > BOUND:
        check(f'round {round_no}: the story created {killed - created_sent:.1f} s '
              'before the kill is there', len(created) == 1, created)
    if created:
        story_id = next(iter(created))
        expected_story = story_id
    story = show(story_id) if story_id else None
    if story_id:
        check(f'round {round_no}: show --json reads the story', story is not None)
    story = story or {}
    heads = [t for t in typed if t[2] == 'headline']
    bodies = [t for t in typed if t[2] == 'body']
    full_headline = ''.join(t[0] for t in heads)
    full_body = ''.join(t[0] for t in bodies)
    saved_headline = story.get('headline', '')
    saved_body = story.get('body', '')
    totals['typed'] += len(full_headline) + len(full_body)
    totals['pieces'] += len(typed)

    check(f'round {round_no}: the saved headline is a prefix of what was typed',
          full_headline.startswith(saved_headline), f'{saved_headline!r} / {full_headline!r}')
    check(f'round {round_no}: the saved body is a prefix of what was typed',
          full_body.startswith(saved_body), f'{saved_body!r}\n/ {full_body!r}')

    lost = []
    for field, saved, pieces in (('headline', saved_headline, heads),
                                 ('body', saved_body, bodies)):
        end = 0
        for text, sent, _ in pieces:
            end += len(text)
            age = killed - sent
            present = len(saved) >= end
            if age > BOUND:
                totals['required'] += 1
                if not present:
                    lost.append(f'{field}: {text!r}, typed {age:.2f} s before the kill')
                    totals['lost_required'] += 1
            if not present:
                totals['oldest_lost'] = max(totals['oldest_lost'], age)
            elif totals['newest_kept'] is None or age < totals['newest_kept']:
                totals['newest_kept'] = age
        totals['lost_chars'] += max(0, end - len(saved))
    check(f'round {round_no}: nothing typed more than {BOUND} s before the kill is lost',
          not lost, '\n'.join(lost))
    note(f'round {round_no}: killed after {killed - started:.1f} s, {len(typed)} pieces, '
         f'{len(full_headline) + len(full_body)} characters typed, '
         f'{len(full_headline) + len(full_body) - len(saved_headline) - len(saved_body)} '
         'unsaved at the kill')

# The last kill is reported too; then a clean quit, after which a start has
# nothing to report and the state file is gone.
app = App('recover-last')
check('after the last kill: the window appears', app.wait_window(), app.stderr())
m = wait_for(lambda: recovered_re.search(app.stderr()), 10)
check('after the last kill: the start reports the recovery', m is not None, app.stderr())
if m and expected_story:
    check('after the last kill: it names the story saved last', m.group(1) == expected_story,
          f'{m.group(0)} / expected {expected_story}')
check('while running, the session state file exists', os.path.exists(state_file))
xdotool('key', 'ctrl+q')
check('Ctrl+Q quits cleanly', app.wait(30) == 0, app.stderr())
check('a clean quit removes the session state file', not os.path.exists(state_file))

app = App('after-quit')
check('after a clean quit: the window appears', app.wait_window(), app.stderr())
time.sleep(1)
check('after a clean quit: no recovery is reported', 'Recovered' not in app.stderr(), app.stderr())
app.proc.send_signal(signal.SIGTERM)
check('SIGTERM quits cleanly', app.wait(30) == 0, app.stderr())
check('SIGTERM removes the session state file', not os.path.exists(state_file))
check('integrity_check is ok at the end', integrity() == 'ok')

note(f"figures: seed {seed}; {totals['rounds']} rounds, {totals['kills']} SIGKILLs, "
     f"{totals['typed']} characters typed in {totals['pieces']} pieces of up to 12; "
     f"{totals['required']} pieces older than {BOUND} s at their kill, "
     f"{totals['lost_required']} of them lost; {totals['lost_chars']} characters lost "
     f"in all; the oldest lost piece was typed {totals['oldest_lost']:.2f} s before its "
     f"kill, the newest kept one {(totals['newest_kept'] or 0):.2f} s")

print(f'1..{count}')
if failed == 0:
    shutil.rmtree(tmp, ignore_errors=True)
else:
    note(f'logs kept in {tmp}')
sys.exit(1 if failed else 0)
