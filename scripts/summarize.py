#!/usr/bin/env python3
"""Reads the result files of every test suite and prints one line per suite
plus the closing line over all suites: `N passed, N failed, N skipped`.
Exits non-zero when any test failed or a suite produced no results.

Usage: summarize.py --lit FILE.json --gtest FILE.json
"""
import argparse
import json
import os
import sys


def lit_counts(path):
    """lit's --output JSON: one entry per test with a result code."""
    with open(path) as f:
        tests = json.load(f)["tests"]
    passed = failed = skipped = 0
    failures = []
    for t in tests:
        code = t["code"]
        if code in ("PASS", "XFAIL"):
            passed += 1
        elif code in ("UNSUPPORTED", "SKIPPED", "EXCLUDED"):
            skipped += 1
        else:  # FAIL, XPASS, UNRESOLVED, TIMEOUT
            failed += 1
            failures.append(t["name"])
    return passed, failed, skipped, failures


def gtest_counts(path):
    """GoogleTest's --gtest_output=json report."""
    with open(path) as f:
        report = json.load(f)
    passed = failed = skipped = 0
    failures = []
    for suite in report.get("testsuites", []):
        for t in suite.get("testsuite", []):
            name = f'{suite["name"]}.{t["name"]}'
            if t.get("result") == "SKIPPED" or t.get("status") == "NOTRUN":
                skipped += 1
            elif t.get("failures"):
                failed += 1
                failures.append(name)
            else:
                passed += 1
    return passed, failed, skipped, failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lit", action="append", default=[])
    ap.add_argument("--gtest", action="append", default=[])
    args = ap.parse_args()

    total = [0, 0, 0]
    broken = False
    suites = [("lit", p, lit_counts) for p in args.lit]
    suites += [("gtest", p, gtest_counts) for p in args.gtest]
    for kind, path, fn in suites:
        if not os.path.exists(path):
            print(f"{kind}: no results at {path} (the suite did not run)")
            broken = True
            continue
        p, f, s, failures = fn(path)
        print(f"{kind} ({os.path.basename(path)}): {p} passed, {f} failed, {s} skipped")
        for name in failures:
            print(f"  FAILED: {name}")
        if p + f + s == 0:
            print(f"{kind}: ran no test")
            broken = True
        total = [total[0] + p, total[1] + f, total[2] + s]
    print(f"{total[0]} passed, {total[1]} failed, {total[2]} skipped")
    return 1 if broken or total[1] else 0


if __name__ == "__main__":
    sys.exit(main())
