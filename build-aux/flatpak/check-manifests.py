#!/usr/bin/python3
# check-manifests.py — check the Flatpak manifests without building them
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-manifests.py SCHEMA RELEASE-MANIFEST DEVEL-MANIFEST [README]
#
# Each manifest must validate against flatpak-builder's JSON schema and load in
# `flatpak-builder --show-manifest` with warnings fatal (neither catches every
# mistake alone). On top of that, the project's rules: every remote source is
# pinned (git: tag and commit; archive or file: sha256), no --filesystem
# access, and the Devel manifest differs from the release one only in its id
# and the development profile. The README's org.gnome.Sdk//N and
# org.gnome.Platform//N must name the manifests' runtime-version.

import copy
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema

FINISH_ARGS = ['--share=network', '--share=ipc', '--socket=wayland',
               '--socket=fallback-x11', '--device=dri']


def pinning_errors(name, module):
    errors = []
    for source in module.get('sources', []):
        if isinstance(source, str):
            errors.append(f'{name}: module {module["name"]} includes {source}, which is not checked')
            continue
        kind = source.get('type')
        if kind == 'git':
            if not re.fullmatch(r'[0-9a-f]{40}', source.get('commit', '')) or 'tag' not in source:
                errors.append(f'{name}: git source of {module["name"]} needs a tag and its full commit')
            if 'branch' in source:
                errors.append(f'{name}: git source of {module["name"]} follows a branch')
        elif kind in ('archive', 'file') and 'url' in source:
            if not re.fullmatch(r'[0-9a-f]{64}', source.get('sha256', '')):
                errors.append(f'{name}: {kind} source of {module["name"]} needs a sha256')
    for child in module.get('modules', []):
        if isinstance(child, dict):
            errors += pinning_errors(name, child)
    return errors


def check_manifest(validator, path):
    name = os.path.basename(path)
    with open(path, encoding='utf-8') as f:
        manifest = json.load(f)
    errors = []
    for error in validator.iter_errors(manifest):
        # A module may be a file name or an object (oneOf): report why the
        # object failed rather than that neither branch matched.
        deeper = [e for e in error.context if e.relative_path or e.validator != 'type']
        if deeper:
            error = jsonschema.exceptions.best_match(deeper)
        where = '/'.join(map(str, error.absolute_path)) or '(top)'
        errors.append(f'{name}: {where}: {error.message}')

    env = dict(os.environ, G_DEBUG='fatal-warnings')
    # flatpak-builder leaves a .flatpak-builder state directory in its cwd.
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(['flatpak-builder', '--show-manifest', os.path.abspath(path)],
                                capture_output=True, text=True, env=env, cwd=tmp)
    if result.returncode != 0:
        errors.append(f'{name}: flatpak-builder --show-manifest failed '
                      f'(exit {result.returncode}):\n{result.stderr.strip()}')

    if manifest.get('finish-args') != FINISH_ARGS:
        errors.append(f'{name}: finish-args must be exactly {" ".join(FINISH_ARGS)}')
    for module in manifest.get('modules', []):
        if isinstance(module, dict):
            errors += pinning_errors(name, module)
    return manifest, errors


def main():
    schema_path, release_path, devel_path = sys.argv[1:4]
    readme_path = sys.argv[4] if len(sys.argv) > 4 else None
    with open(schema_path, encoding='utf-8') as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator(schema)

    release, errors = check_manifest(validator, release_path)
    devel, devel_errors = check_manifest(validator, devel_path)
    errors += devel_errors

    # The Devel manifest is the release one with another id and profile.
    expected = copy.deepcopy(release)
    expected['id'] = release.get('id', '') + '.Devel'
    app = expected['modules'][-1]
    app['config-opts'] = ['-Dprofile=development'] + app.get('config-opts', [])
    if devel != expected:
        errors.append(f'{os.path.basename(devel_path)} differs from '
                      f'{os.path.basename(release_path)} in more than the id and '
                      '-Dprofile=development on the last module')

    if readme_path:
        with open(readme_path, encoding='utf-8') as f:
            readme = f.read()
        for ref, version in re.findall(r'(org\.gnome\.(?:Sdk|Platform)//(\S+?))(?=[\s`]|$)', readme):
            if version != release.get('runtime-version'):
                errors.append(f'{os.path.basename(readme_path)} says {ref}, but the manifests '
                              f'use runtime-version {release.get("runtime-version")}')

    for error in errors:
        print(error, file=sys.stderr)
    print(f'checked {release_path} and {devel_path}: {len(errors)} problems')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
