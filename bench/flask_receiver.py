"""A receiver written the way Pulse's webhook guide writes one (Flask, its sample verify_webhook),
for the benchmark's reference. Like the guide's sample, it compares a hex digest keyed by the
raw secret string, so the benchmark signs its request that way (`--signature-encoding hex
--raw-secret`) for this target only.

usage: flask_receiver.py SECRET PORT
"""
import hashlib
import hmac
import json
import sys
import time

from flask import Flask, abort, request

app = Flask(__name__)
WEBHOOK_SECRET = sys.argv[1]


def verify_webhook(payload, headers, webhook_secret):
    webhook_id = headers.get("webhook-id")
    webhook_timestamp = headers.get("webhook-timestamp")
    webhook_signature = headers.get("webhook-signature")
    if not all([webhook_id, webhook_timestamp, webhook_signature]):
        return False
    if abs(int(time.time()) - int(webhook_timestamp)) > 300:
        return False
    signed_content = f"{webhook_id}.{webhook_timestamp}.{payload}"
    signature = webhook_signature.split(",")[1] if "," in webhook_signature else webhook_signature
    expected = hmac.new(webhook_secret.encode(), signed_content.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(signature, expected)


@app.route("/webhook", methods=["POST"])
def handle_webhook():
    payload = request.get_data(as_text=True)
    if not verify_webhook(payload, request.headers, WEBHOOK_SECRET):
        abort(401)
    event = json.loads(payload)
    event.get("type")
    return "", 200


if __name__ == "__main__":
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    app.run(port=int(sys.argv[2]))
