#!/usr/bin/env python3
"""A Sluice exec reader (protocol 1): each row of a CSV file becomes one document.

Standard library only. Sluice starts this program once per worker and talks to it in
JSON Lines over stdin/stdout; see docs/exec-plugins.md.
"""
import base64
import csv
import io
import json
import sys

DESCRIPTION = {
    "protocol": 1,
    "name": "csv-rows",
    "kind": "reader",
    "summary": "Each row of a CSV file (with a header row) becomes one document.",
    "options": [
        {"name": "delimiter", "type": "string", "default": ",", "doc": "The field separator (one character)."},
        {"name": "title_column", "type": "string", "default": "title",
         "doc": "The column whose value is the document's title (the others become its text)."},
        {"name": "max_rows", "type": "integer", "default": 100000, "doc": "Rows read at most per file."},
    ],
    "extensions": ["csv"],
    "confidence": 0.6,
}

options = {}


def send(message):
    sys.stdout.write(json.dumps(message, ensure_ascii=False, sort_keys=True) + "\n")
    sys.stdout.flush()


def read(request):
    raw = base64.b64decode(request["bytes"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return {"id": request["id"], "error": f"not UTF-8 (byte {error.start})"}
    rows = csv.DictReader(io.StringIO(text, newline=""), delimiter=options["delimiter"])
    if not rows.fieldnames:
        return {"id": request["id"], "error": "no header row"}
    documents, warnings = [], []
    title_column = options["title_column"]
    for number, row in enumerate(rows, start=2):
        if len(documents) >= options["max_rows"]:
            warnings.append(f"stopped after {options['max_rows']} rows (max_rows)")
            break
        if None in row:
            warnings.append(f"line {number}: more fields than the header has; the extra ones are dropped")
            row.pop(None)
        title = (row.get(title_column) or "").strip() or None
        fields = [(k, (v or "").strip()) for k, v in row.items() if k != title_column]
        body = "\n".join(f"{k}: {v}" for k, v in fields if v)
        doc = {
            "kind": "csv.row",
            "text": body,
            "blocks": [{"type": "paragraph", "text": f"{k}: {v}"} for k, v in fields if v],
            "metadata": {"row": str(number)},
            "data": {"fields": {k: v for k, v in fields}},
        }
        if title:
            doc["title"] = title
        documents.append(doc)
    return {"id": request["id"], "documents": documents, "warnings": warnings}


def main():
    global options
    for line in sys.stdin:
        request = json.loads(line)
        op = request.get("op")
        if op == "hello":
            send(DESCRIPTION)
        elif op == "configure":
            options = request["options"]
            if len(options.get("delimiter", "")) != 1:
                send({"error": "delimiter must be exactly one character"})
            else:
                send({"ok": True})
        elif op == "read":
            send(read(request))
        else:
            send({"id": request.get("id"), "error": f"unknown op {op!r}"})


if __name__ == "__main__":
    main()
