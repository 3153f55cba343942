#!/usr/bin/python3
"""Validates SARIF files against the OASIS SARIF 2.1.0 JSON schema.

usage: validate_sarif.py SCHEMA FILE...   (exit 1 on the first invalid file)
Uses Debian's python3-jsonschema (installed by scripts/setup).
"""
import json
import sys

import jsonschema


def main() -> int:
    schema_path, files = sys.argv[1], sys.argv[2:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    if not files:
        print("validate_sarif: no files given", file=sys.stderr)
        return 2
    for path in files:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        if errors:
            for e in errors[:10]:
                print(f"{path}: {'/'.join(map(str, e.path))}: {e.message}", file=sys.stderr)
            return 1
        results = sum(len(run.get("results", [])) for run in doc["runs"])
        print(f"{path}: valid SARIF 2.1.0 ({results} results)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
