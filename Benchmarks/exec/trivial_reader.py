#!/usr/bin/env python3
"""The smallest useful exec reader: one document per input, no parsing. Measures Sluice's
per-input overhead of the exec protocol (base64, pipes, JSON, validation)."""
import json
import sys

for line in sys.stdin:
    request = json.loads(line)
    op = request["op"]
    if op == "hello":
        reply = {"protocol": 1, "name": "trivial", "kind": "reader", "extensions": ["triv"]}
    elif op == "configure":
        reply = {"ok": True}
    else:
        reply = {"id": request["id"], "documents": [{"kind": "note", "text": "x"}]}
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
