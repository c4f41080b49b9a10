#!/usr/bin/env python3
"""The plain Python script that `xpert results` is measured against (bench/results.sh): for
each job directory of a sweep it reads metrics.jsonl (JSON lines) and the latest stdout and
stderr logs (whole-line JSON objects, Python dicts, key: value / key=value pairs), keeps the
last value of each metric, and prints one row per configuration with the seeds averaged: the
same sources and rules as Xpert's for these files (Xpert also reads framework files, which
the benchmark's jobs do not have).
usage: results_reference.py RUNS_DIR   (job directories RUNS_DIR/<config>/s<seed>)"""
import ast
import glob
import json
import math
import os
import re
import statistics
import sys

PAIR = re.compile(r"(?:^|(?<=[\s,;|\[\]\(]))([A-Za-z_][A-Za-z0-9_./-]*)[:=] *([-+]?(?:[0-9.]+(?:[eE][-+]?[0-9]+)?|nan|inf))(?=$|[\s,;|\[\]\)])", re.I)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def line_metrics(line, into):
    line = ANSI.sub("", line)
    text = line.strip()
    if text.startswith("{") and text.endswith("}"):
        try:
            value = json.loads(text)
        except ValueError:
            try:
                value = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                value = None
        if isinstance(value, dict):
            for key, number in value.items():
                if isinstance(number, (int, float)) and not isinstance(number, bool) and key != "step":
                    into[key] = float(number)
            return
    for key, number in PAIR.findall(line):
        if key not in ("step", "global_step"):
            into[key] = float(number)


def job_metrics(directory):
    found = {}
    path = os.path.join(directory, "metrics.jsonl")
    if os.path.exists(path):
        with open(path) as lines:
            for line in lines:
                try:
                    value = json.loads(line)
                except ValueError:
                    continue
                for key, number in value.items():
                    if isinstance(number, (int, float)) and key != "step":
                        found[key] = float(number)
    for prefix in ("stdout", "stderr"):
        logs = sorted(glob.glob(os.path.join(directory, prefix + ".*.log")))
        if not logs:
            continue
        from_log = {}
        with open(logs[-1], errors="replace") as lines:
            for line in lines:
                for part in line.split("\r"):
                    line_metrics(part, from_log)
        for key, number in from_log.items():
            found.setdefault(key, number)
    return found


def main():
    runs = sys.argv[1]
    rows = {}
    for config in sorted(os.listdir(runs)):
        for seed in sorted(os.listdir(os.path.join(runs, config))):
            metrics = job_metrics(os.path.join(runs, config, seed))
            for key, number in metrics.items():
                rows.setdefault(config, {}).setdefault(key, []).append(number)
    for config, metrics in rows.items():
        cells = []
        for key in sorted(metrics):
            values = metrics[key]
            sd = statistics.stdev(values) if len(values) > 1 else math.nan
            cells.append(f"{key}={statistics.mean(values):.4g}±{sd:.2g}({len(values)})")
        print(config, " ".join(cells))


main()
