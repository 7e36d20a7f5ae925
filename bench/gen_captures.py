"""Writes signed Pulse captures for the benchmarks: a folder of one-capture files, or one NDJSON file.

usage: gen_captures.py SECRET COUNT (--dir DIR | --ndjson FILE)
Signed with Python's standard library (independent of pulse-hooks), timestamped now.
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import time
import uuid


def main():
    secret, count, mode, target = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    key = base64.b64decode(secret.removeprefix("whsec_"))
    now = int(time.time())
    if mode == "--dir":
        os.makedirs(target, exist_ok=True)
        out = None
    else:
        out = open(target, "w")
    for i in range(count):
        body = json.dumps(
            {
                "type": "job.completed",
                "timestamp": "2026-12-04T10:30:00Z",
                "data": {
                    "job_id": str(uuid.UUID(int=i)),
                    "status": "completed",
                    "pages_processed": 25,
                    "processing_time": 12.5,
                },
            },
            separators=(",", ":"),
        )
        msg_id = f"msg_{i:027d}"
        mac = hmac.new(key, f"{msg_id}.{now}.{body}".encode(), hashlib.sha256).digest()
        capture = json.dumps(
            {
                "method": "POST",
                "path": "/webhook",
                "headers": {
                    "webhook-id": msg_id,
                    "webhook-timestamp": str(now),
                    "webhook-signature": "v1," + base64.b64encode(mac).decode(),
                    "content-type": "application/json",
                },
                "body": body,
            }
        )
        if out is None:
            # 1000 files per folder, as captures collected over time would be spread.
            sub = os.path.join(target, f"{i // 1000:03d}")
            if i % 1000 == 0:
                os.makedirs(sub, exist_ok=True)
            with open(os.path.join(sub, f"{i:06d}.json"), "w") as f:
                f.write(capture)
        else:
            out.write(capture + "\n")


main()
