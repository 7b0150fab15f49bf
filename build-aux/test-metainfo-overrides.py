#!/usr/bin/python3
# test-metainfo-overrides.py — the metainfo check must fail on what it escalates
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-metainfo-overrides.py METAINFO APPSTREAMCLI [VALIDATE-ARGS…]
#
# appstreamcli 0.16 keeps only the last of several --override options, so an
# escalation can silently stop working. This removes, one at a time, each piece
# the overrides make mandatory and expects the validation to fail.

import os
import re
import subprocess
import sys
import tempfile

CASES = {
    'content-rating-missing': r'\s*<content_rating[^>]*/>',
    'releases-info-missing': r'\s*<releases>.*?</releases>',
    'screenshot-no-caption': r'\s*<caption[^>]*>.*?</caption>',  # translations too
}


def validate(command, text, tmp):
    path = os.path.join(tmp, os.path.basename(sys.argv[1]))
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    result = subprocess.run(command + [path], capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


def main():
    metainfo, command = sys.argv[1], sys.argv[2:]
    with open(metainfo, encoding='utf-8') as f:
        original = f.read()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for tag, pattern in CASES.items():
            broken, count = re.subn(pattern, '', original, flags=re.S)
            if count == 0:
                print(f'not ok - {tag}: nothing to remove from {metainfo}')
                failures += 1
                continue
            status, output = validate(command, broken, tmp)
            if status != 0 and 'E: ' in output and tag in output:
                print(f'ok - without it the validation fails with {tag}')
            else:
                print(f'not ok - {tag} was not an error (exit {status}):')
                print(''.join('# ' + line + '\n' for line in output.splitlines()))
                failures += 1
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
