#!/bin/sh
# The smallest exec reader: answers the handshake and gives one empty-text document per input
# (for the benchmark of the per-input overhead and the pipe tests).
while IFS= read -r line; do
  case "$line" in
    *'"op":"hello"'*) echo '{"protocol":1,"name":"trivial","kind":"reader","summary":"One document per input.","extensions":["triv"]}' ;;
    *'"op":"configure"'*) echo '{"ok":true}' ;;
    *) id=${line#*\"id\":}; id=${id%%,*}; id=${id%%\}*}
       echo "{\"id\":$id,\"documents\":[{\"kind\":\"note\",\"text\":\"input $id\"}]}" ;;
  esac
done
