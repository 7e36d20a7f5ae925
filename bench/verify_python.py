"""The reference: Python's `standardwebhooks` package verifying captures in one process.

usage: verify_python.py SECRET (--dir DIR | --ndjson FILE)
Prints the number verified; exits 1 if any failed.
"""
import json
import os
import sys

from standardwebhooks import Webhook


def captures(mode, target):
    if mode == "--dir":
        for root, _, files in os.walk(target):
            for name in sorted(files):
                with open(os.path.join(root, name), "rb") as f:
                    yield f.read()
    else:
        with open(target, "rb") as f:
            for line in f:
                if line.strip():
                    yield line


def main():
    wh = Webhook(sys.argv[1])
    ok = failed = 0
    for raw in captures(sys.argv[2], sys.argv[3]):
        capture = json.loads(raw)
        try:
            wh.verify(capture["body"], capture["headers"])
            ok += 1
        except Exception:
            failed += 1
    print(f"{ok} verified, {failed} failed")
    sys.exit(1 if failed else 0)


main()
