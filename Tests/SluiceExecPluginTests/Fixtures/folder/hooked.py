#!/usr/bin/env python3
"""An exec reader with a confidence hook: it claims any input whose first bytes are "HOOK",
whatever its extension, and exits after each answer it gives to a read (so that Sluice must
start a fresh process for the next). Used by the tests only."""
import base64
import json
import sys


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


for line in sys.stdin:
    request = json.loads(line)
    op = request["op"]
    if op == "hello":
        send({"protocol": 1, "name": "hooked", "kind": "reader", "summary": "Claims inputs that start with HOOK.",
              "confidence_hook": True, "options": [{"name": "label", "type": "string", "default": "hooked"}]})
    elif op == "configure":
        label = request["options"]["label"]
        send({"ok": True})
    elif op == "confidence":
        head = base64.b64decode(request["head"])
        send({"id": request["id"], "confidence": 0.9 if head.startswith(b"HOOK") else 0})
    else:
        text = base64.b64decode(request["bytes"]).decode("utf-8").strip()
        send({"id": request["id"], "documents": [{"kind": label, "text": text}]})
        sys.exit(0)
