#!/usr/bin/python3
# validate-ninjs.py — validate ninjs items against IPTC's ninjs 2.2 schema, offline
#
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: validate-ninjs.py SCHEMA ITEM.json…  Exit status 0 when every item
# is valid, 1 otherwise (each error printed), 2 on usage errors.
#
# The schema refers to GeoJSON's schema by URL; with no network here it is
# mapped to an empty schema. The "date-time" and "uri" formats are checked
# with the RFC 3339 / RFC 3986 grammar below, since Debian's jsonschema
# checks them only with modules that Debian 12 does not package.

import json
import re
import sys

import jsonschema

GEOJSON_URL = "https://geojson.org/schema/GeoJSON.json"

DATE_TIME = re.compile(
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]"
    r"([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$"
)
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


def main(argv):
    if len(argv) < 3:
        print(__doc__ or "usage: validate-ninjs.py SCHEMA ITEM…", file=sys.stderr)
        return 2

    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date-time")(lambda value: not isinstance(value, str) or bool(DATE_TIME.match(value)))
    checker.checks("uri")(lambda value: not isinstance(value, str) or bool(URI.match(value)))

    resolver = jsonschema.RefResolver.from_schema(
        schema, store={GEOJSON_URL: {}, GEOJSON_URL + "#": {}}
    )
    validator = jsonschema.Draft202012Validator(schema, resolver=resolver, format_checker=checker)

    failed = False
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            item = json.load(f)
        for error in sorted(validator.iter_errors(item), key=lambda e: list(e.path)):
            where = "/".join(str(p) for p in error.path) or "(top level)"
            print(f"{path}: {where}: {error.message}")
            failed = True

    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
