#!/usr/bin/env python3
"""Load each DIR/*.toml with Python's tomllib, the reference for DifferentialTests.swift.

usage: tomllib_dump.py DIR

For NAME.toml it writes NAME.json, the document in toml-test's tagged JSON with the order of
keys kept, or NAME.error, tomllib's message, when tomllib rejects it. Floats are written with
repr(), date-times with isoformat() (tomllib keeps microseconds, so the comparison does too).
"""
import datetime
import json
import math
import pathlib
import sys
import tomllib


def tag(value):
    if isinstance(value, dict):
        return {key: tag(item) for key, item in value.items()}
    if isinstance(value, list):
        return [tag(item) for item in value]
    if isinstance(value, bool):  # before int: bool is a subclass of int
        return {"type": "bool", "value": "true" if value else "false"}
    if isinstance(value, int):
        return {"type": "integer", "value": str(value)}
    if isinstance(value, float):
        return {"type": "float", "value": "nan" if math.isnan(value) else repr(value)}
    if isinstance(value, str):
        return {"type": "string", "value": value}
    if isinstance(value, datetime.datetime):  # before date: datetime is a subclass of date
        kind = "datetime" if value.tzinfo is not None else "datetime-local"
        return {"type": kind, "value": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"type": "date-local", "value": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"type": "time-local", "value": value.isoformat()}
    raise TypeError(f"unexpected {type(value).__name__} from tomllib")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for path in sorted(pathlib.Path(sys.argv[1]).glob("*.toml")):
        try:
            with path.open("rb") as file:
                document = tomllib.load(file)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            path.with_suffix(".error").write_text(str(error) + "\n", encoding="utf-8")
            continue
        path.with_suffix(".json").write_text(json.dumps(tag(document)), encoding="ascii")


if __name__ == "__main__":
    main()
