#!/usr/bin/env python3
"""An exec reader that misbehaves on purpose, chosen by the first word of each input:
CRASH exits, HANG never answers, GARBAGE prints a line that is not JSON, FLOOD floods stdout,
BADDOC sends a document without text, REFUSE answers with an error, HOG allocates memory;
anything else becomes one document. Used by the tests only."""
import base64
import json
import os
import sys
import time


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


for line in sys.stdin:
    request = json.loads(line)
    op = request["op"]
    if op == "hello":
        send({"protocol": 1, "name": "misbehave", "kind": "reader", "summary": "Misbehaves on purpose.",
              "extensions": ["bad"], "options": []})
        continue
    if op == "configure":
        send({"ok": True})
        continue
    text = base64.b64decode(request["bytes"]).decode("utf-8")
    word = text.split()[0] if text.split() else ""
    if word == "CRASH":
        sys.stderr.write("misbehave: crashing on purpose\n")
        sys.stderr.flush()
        os._exit(3)
    elif word == "HANG":
        sys.stderr.write("misbehave: hanging on purpose\n")
        sys.stderr.flush()
        time.sleep(3600)
    elif word == "GARBAGE":
        sys.stdout.write("this is not json at all\n")
        sys.stdout.flush()
    elif word == "FLOOD":
        chunk = "x" * 65536
        while True:
            sys.stdout.write(chunk)
    elif word == "BADDOC":
        send({"id": request["id"], "documents": [{"kind": "note", "title": "no text"}]})
    elif word == "REFUSE":
        send({"id": request["id"], "error": "refusing this input on purpose"})
    elif word == "HOG":
        hog = bytearray(512 * 1024 * 1024)
        send({"id": request["id"], "documents": [{"kind": "note", "text": str(len(hog))}]})
    else:
        send({"id": request["id"], "documents": [{"kind": "note", "text": text.strip(), "metadata": {"pid": str(os.getpid())}}]})
