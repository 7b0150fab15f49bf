#!/usr/bin/python3
# test-soak.py
#
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The fault soak: the publisher and the archiver (soak-client) against the
# fault-injecting fake WordPress (soak-server, a process of its own) for a
# bounded time, the client killed with SIGKILL at random moments and started
# again. Then every story must be on the site exactly once, every archive
# request done exactly once (one notice, one Archived tag), nothing lost
# locally, and the library file sound.
#
#   test-soak.py SOAK-SERVER SOAK-CLIENT
#
# COPYDESK_SOAK_SECONDS (default 20) bounds the killing; COPYDESK_SOAK_SEED
# (default 1) seeds the faults and the kill times; COPYDESK_SOAK_RATE
# (default 0.2) is the share of requests that get a fault; COPYDESK_SOAK_KINDS
# picks some fault kinds (see soak-server.c).
#
# Seeding (writing stories and marking them ready) is never cut: the soak is
# about the outbox. Pushes that fail for good are retried by the restarted
# client, as an editor presses Retry; archive requests that fail for good are
# asked again. The claim is about the end state: whatever the faults and
# kills, each story ends exactly once on the server. A client that dies of
# anything but the driver's SIGKILL, or a last run that does not finish in
# FINAL_TIMEOUT seconds, fails the test.

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

server_exe, client_exe = sys.argv[1], sys.argv[2]
seconds = float(os.environ.get("COPYDESK_SOAK_SECONDS", "20"))
seed = int(os.environ.get("COPYDESK_SOAK_SEED", "1"))
rate = float(os.environ.get("COPYDESK_SOAK_RATE", "0.2"))
kinds = os.environ.get("COPYDESK_SOAK_KINDS")
FIRST_ROUND = 60
LATER_ROUND = 20
FINAL_TIMEOUT = 60

rng = random.Random(seed)
n_tests = 0
failures = 0


def ok(cond, name, detail=""):
    global n_tests, failures
    n_tests += 1
    if cond:
        print(f"ok {n_tests} - {name}")
    else:
        failures += 1
        print(f"not ok {n_tests} - {name}")
        for line in str(detail).splitlines():
            print(f"# {line}")
    sys.stdout.flush()


def note(text):
    print(f"# {text}")
    sys.stdout.flush()


def seed_round(library, rnd, n, manifest):
    out = subprocess.run([client_exe, "seed", library, str(rnd), str(n)],
                         check=True, capture_output=True, text=True, timeout=60).stdout
    for line in out.splitlines():
        kind, story_id, digest = line.split()
        assert kind == "story"
        manifest[story_id] = digest


def main():
    tmp = tempfile.mkdtemp(prefix="copydesk-soak-")
    library = os.path.join(tmp, "library.db")
    state_path = os.path.join(tmp, "state.json")
    server = subprocess.Popen([server_exe, "editor", "abcd EFGH ijkl MNOP qrst UVWX",
                               str(seed), str(rate), state_path] + ([kinds] if kinds else []),
                              stdout=subprocess.PIPE, text=True)
    manifest = {}
    kills = 0
    runs = 0
    crashes = []
    rounds = 0
    try:
        url = server.stdout.readline().strip()
        ok(url.startswith("http://127.0.0.1:"), "server listens on loopback", url)
        note(f"seed {seed}, fault rate {rate}, {seconds:g} s of kills")

        seed_round(library, rounds, FIRST_ROUND, manifest)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            client = subprocess.Popen([client_exe, "run", library, url],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True)
            runs += 1
            try:
                client.wait(timeout=rng.uniform(0.05, 1.5))
            except subprocess.TimeoutExpired:
                client.send_signal(signal.SIGKILL)
                client.wait()
                client.stdout.close()
                client.stderr.close()
                kills += 1
                continue
            out, err = client.communicate()
            if client.returncode < 0:
                # Not our SIGKILL: the client crashed. Go on, so that the
                # end state is still checked, but fail below.
                crashes.append(f"{-client.returncode}: {err.strip()[-300:]}")
                continue
            if client.returncode != 0 or out.strip() != "done":
                ok(False, "an uncut client run ends well", f"rc {client.returncode}\n{err}")
                return
            # All done before the time is up: more work.
            rounds += 1
            seed_round(library, rounds, LATER_ROUND, manifest)

        ok(server.poll() is None, "server survived the client's kills")
        runs += 1
        try:
            final = subprocess.run([client_exe, "run", library, url], capture_output=True,
                                   text=True, timeout=FINAL_TIMEOUT)
        except subprocess.TimeoutExpired as e:
            err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else e.stderr
            ok(False, "the last, uncut run finishes the outbox",
               f"still running after {FINAL_TIMEOUT} s\n{(err or '')[-2000:]}")
            return
        ok(final.returncode == 0 and final.stdout.strip() == "done",
           "the last, uncut run finishes the outbox", f"rc {final.returncode}\n{final.stderr}")
        ok(not crashes, "no client run crashed", "\n".join(crashes))
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    ok(server.returncode == 0, "server wrote its state", f"rc {server.returncode}")

    with open(state_path) as f:
        state = json.load(f)
    stories = json.loads(subprocess.run([client_exe, "dump", library], check=True,
                                        capture_output=True, text=True, timeout=60).stdout)
    posts = state["posts"]
    by_id = {str(p["id"]): p for p in posts}

    # Nothing lost, nothing added, nothing changed locally.
    local = {s["id"]: s["hash"] for s in stories}
    ok(local == manifest, f"{len(manifest)} stories kept, content unchanged",
       f"local {len(local)} vs created {len(manifest)}")

    # Exactly once on the server.
    slugs = [p["slug"] for p in posts]
    ok(len(posts) == len(manifest), "one post per story",
       f"{len(posts)} posts for {len(manifest)} stories")
    ok(len(set(slugs)) == len(slugs), "no duplicate post (by slug)")
    remote_ids = [s["remote_id"] for s in stories]
    ok(len(set(remote_ids)) == len(remote_ids) and all(r in by_id for r in remote_ids),
       "each story has its own post on the server")

    bad_post = [s["headline"] for s in stories
                if s["remote_id"] not in by_id
                or by_id[s["remote_id"]]["slug"] != s["slug"]
                or by_id[s["remote_id"]]["title"] != s["headline"]
                or by_id[s["remote_id"]]["status"] != "publish"]
    ok(not bad_post, "each post has its story's slug, title and status", bad_post[:10])

    # Each archive request done once; the rest untouched.
    wrong = []
    n_archived = 0
    for s in stories:
        archive = s["headline"].endswith(" (archive)")
        n_archived += archive
        want_status = "archived" if archive else "published"
        post = by_id.get(s["remote_id"], {})
        want = 1 if archive else 0
        if (s["status"] != want_status or post.get("notices") != want
                or post.get("archived_tags") != want or s["open_entries"] != 0):
            wrong.append(f'{s["headline"]}: {s["status"]}, {post.get("notices")} notices, '
                         f'{post.get("archived_tags")} tags, {s["open_entries"]} open entries')
    ok(not wrong, f"{n_archived} archived with one notice and one tag, the rest none",
       "\n".join(wrong[:10]))

    db = sqlite3.connect(library)
    check = db.execute("PRAGMA integrity_check").fetchall()
    ok(check == [("ok",)], "PRAGMA integrity_check is ok", check)
    n_rows = db.execute("SELECT count(*) FROM stories").fetchone()[0]
    ok(n_rows == len(manifest), "the stories table holds every story", n_rows)
    done = dict(db.execute("SELECT kind, count(*) FROM outbox WHERE state = 'done'"
                           " GROUP BY kind").fetchall())
    ok(done.get("push") == len(manifest) and done.get("archive") == n_archived,
       "one finished push per story, one finished archive per request", done)
    given_up = dict(db.execute("SELECT kind, count(*) FROM outbox WHERE state = 'failed'"
                               " GROUP BY kind").fetchall())
    db.close()

    ok(kills > 0 and state["faults"] > 0, "faults were injected and the client was killed")
    note(f"{len(manifest)} stories in {rounds + 1} rounds, {n_archived} archived; "
         f"{runs} client runs, {kills} killed with SIGKILL")
    note(f"entries that failed for good and were asked again: "
         f"{given_up.get('push', 0)} pushes, {given_up.get('archive', 0)} archive requests")
    note(f"{state['requests']} requests served, {state['faults']} faults injected, "
         f"{state['media']} media uploaded for {sum(1 for p in posts if p['featured_media'])} "
         f"posts with a photo")

    if failures == 0:
        subprocess.run(["rm", "-rf", "--", tmp], check=True)
    else:
        note(f"kept {tmp}")


try:
    main()
finally:
    print(f"1..{n_tests}")
sys.exit(1 if failures else 0)
