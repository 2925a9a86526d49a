#!/usr/bin/env python3
"""A Sluice exec normalizer (protocol 1): masks e-mail addresses and phone numbers.

Standard library only; see docs/exec-plugins.md for the protocol.
"""
import json
import re
import sys

DESCRIPTION = {
    "protocol": 1,
    "name": "redact",
    "kind": "normalizer",
    "summary": "Masks e-mail addresses and phone numbers in a document's text, title, blocks and metadata.",
    "options": [
        {"name": "mask", "type": "string", "default": "[redacted]", "doc": "What replaces each match."},
        {"name": "phones", "type": "boolean", "default": True, "doc": "Mask phone numbers too."},
    ],
}

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"\+?\d[\d ().-]{7,}\d")
options = {}


def clean(text):
    text = EMAIL.sub(options["mask"], text)
    return PHONE.sub(options["mask"], text) if options["phones"] else text


def normalize(document):
    out = {"kind": document["kind"], "text": clean(document["text"]), "id": document["id"]}
    if document.get("title") is not None:
        out["title"] = clean(document["title"])
    for key in ("published", "data"):
        if document.get(key) is not None:
            out[key] = document[key]
    out["metadata"] = {k: clean(v) for k, v in document.get("metadata", {}).items()}
    out["blocks"] = [dict(block, text=clean(block["text"])) for block in document.get("blocks", [])]
    return out


def main():
    global options
    for line in sys.stdin:
        request = json.loads(line)
        op = request.get("op")
        if op == "hello":
            reply = DESCRIPTION
        elif op == "configure":
            options = request["options"]
            reply = {"ok": True}
        elif op == "normalize":
            reply = {"id": request["id"], "documents": [normalize(request["document"])]}
        else:
            reply = {"id": request.get("id"), "error": f"unknown op {op!r}"}
        sys.stdout.write(json.dumps(reply, ensure_ascii=False, sort_keys=True) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
