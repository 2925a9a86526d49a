#!/usr/bin/env python3
"""Prints what linking a fuzz harness against some of the package's modules needs.

Usage: closure.py MANIFEST (objects|flags) MODULE...

MANIFEST is the llbuild manifest SwiftPM wrote for the build (`<scratch>/release.yaml`). `objects`
prints the object files of the modules and of everything they depend on, one per line (Swift
modules through the `.swiftmodule` inputs of their compile commands, C modules such as CYaml
through their module maps); `flags` prints the search-path flags the modules were compiled
with, one per line, so that the harness can import them.
"""
import glob, json, os, re, sys

manifest, mode, *wanted = sys.argv[1:]
commands, name = {}, None
for line in open(manifest):
    match = re.match(r'^  "C\.(.+)-[^-]+-unknown-linux-gnu-(?:release|debug)\.module":', line)
    if match:
        name = match.group(1)
        commands[name] = {}
        continue
    if line.startswith('  "'):
        name = None
        continue
    if name:
        text = line.strip()
        for key in ("inputs", "outputs", "args"):
            if text.startswith(key + ": "):
                commands[name][key] = json.loads(text[len(key) + 2:])

build_dir = None
seen, order = set(), []
def visit(module):
    global build_dir
    if module in seen:
        return
    seen.add(module)
    command = commands.get(module)
    if command is None:
        sys.exit(f"closure.py: no compile command for module {module} in {manifest}")
    for path in command.get("inputs", []):
        if path.endswith(".swiftmodule"):
            visit(os.path.basename(path)[: -len(".swiftmodule")])
    order.append(module)

for module in wanted:
    visit(module)

if mode == "objects":
    objects = []
    c_modules = set()
    for module in order:
        command = commands[module]
        objects += [p for p in command.get("outputs", []) if p.endswith(".o")]
        args = command.get("args", [])
        for arg in args:
            if arg.startswith("-fmodule-map-file="):
                # A C target's own map (Sources/X/include/module.modulemap) or one SwiftPM
                # generated for it (<build>/X.build/module.modulemap).
                folder = os.path.dirname(arg.split("=", 1)[1])
                if folder.endswith(".build"):
                    c_modules.add(os.path.basename(folder)[: -len(".build")])
                else:
                    c_modules.add(os.path.basename(os.path.dirname(folder)))
    some = next((p for p in objects), None)
    if some:
        root = os.path.dirname(os.path.dirname(some))
        for c_module in sorted(c_modules):
            objects += sorted(glob.glob(os.path.join(root, c_module + ".build", "**", "*.o"), recursive=True))
    missing = [p for p in objects if not os.path.exists(p)]
    if missing:
        sys.exit("closure.py: not built: " + ", ".join(missing[:5]))
    print("\n".join(objects))
elif mode == "flags":
    flags = []
    for module in order:
        args = commands[module].get("args", [])
        i = 0
        while i < len(args):
            arg = args[i]
            if arg == "-I" or (arg == "-Xcc" and i + 1 < len(args) and args[i + 1] == "-I"):
                take = args[i:i + 2] if arg == "-I" else args[i:i + 4]
                i += len(take)
            elif arg.startswith("-I") or (arg == "-Xcc" and i + 1 < len(args) and args[i + 1].startswith("-fmodule-map-file=")):
                take = [arg] if arg.startswith("-I") else args[i:i + 2]
                i += len(take)
            else:
                i += 1
                continue
            if " ".join(take) not in {" ".join(f) for f in flags}:
                flags.append(take)
    for flag in flags:
        print("\n".join(flag))
else:
    sys.exit("closure.py: mode is objects or flags")
