#!/usr/bin/env python3
"""The layer test: every `crate::` path in src/ against the layer drawing of ARCHITECTURE.md.

A top-level module of the core may import only from modules of a lower layer (an import within
one layer fails too, so no cycle can hide there). Unit-test modules (`#[cfg(test)]` items) and
comments are left out; `super::` paths that climb out of a module count like `crate::` ones.
lib.rs (module declarations, re-exports and the hidden bindings module) is the root and may
import anything; a path to one of its re-exports (`crate::UnixTime`) counts as an import of the
module that defines the item.

Usage: python3 scripts/layers.py [--src DIR] [--arch FILE] [--graph]
  --graph  also print the module graph, its cycles and the edges against the drawing
           (used for the before/after figures in the change notes).
Also fails on a file of src/ over 600 lines outside its unit tests.
Prints `layers: N passed, M failed` (N: module-to-module edges in order; M: edges against the
drawing, undrawn modules and long files) and exits 1 on a failure.
"""

import os
import re
import sys


def arg(name, default):
    if name in sys.argv:
        i = sys.argv.index(name)
        return sys.argv[i + 1]
    return default


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = arg("--src", os.path.join(ROOT, "src"))
ARCH = arg("--arch", os.path.join(ROOT, "ARCHITECTURE.md"))
# A file of src/ does one thing: at most this many lines outside its unit tests.
MAX_LINES = 600


def read_layers(path):
    """The fenced block after the line `<!-- layers -->`: `N  module module ...  text`."""
    text = open(path, encoding="utf-8").read()
    start = text.find("<!-- layers -->")
    if start < 0:
        sys.exit(f"{path}: no `<!-- layers -->` drawing")
    block = text[start:].split("```", 2)[1]
    layers = {}
    for line in block.splitlines():
        m = re.match(r"\s*(\d+)\s+((?:[a-z_][a-z0-9_]* ?)+?)(?:\s{2,}|$)", line)
        if m:
            for module in m.group(2).split():
                if module in layers:
                    sys.exit(f"{path}: `{module}` is drawn twice")
                layers[module] = int(m.group(1))
    if not layers:
        sys.exit(f"{path}: the layer drawing is empty")
    return layers


TOKEN = re.compile(
    r"""
      (?P<line>//[^\n]*)
    | (?P<block>/\*)
    | (?P<raw>b?r(?P<hashes>\#*)")
    | (?P<str>b?"(?:\\.|[^"\\])*")
    | (?P<chr>b?'(?:\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^'\\\n])')
    """,
    re.VERBOSE | re.DOTALL,
)


def strip(code):
    """Code with comments, strings and char literals blanked (lifetimes kept as they are)."""
    out, i = [], 0
    while True:
        m = TOKEN.search(code, i)
        if not m:
            out.append(code[i:])
            return "".join(out)
        out.append(code[i : m.start()])
        if m.group("block"):
            depth, j = 1, m.end()
            while depth and j < len(code):
                if code.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif code.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            end = j
        elif m.group("raw") is not None:
            close = '"' + m.group("hashes")
            k = code.find(close, m.end())
            end = len(code) if k < 0 else k + len(close)
        else:
            end = m.end()
        out.append(re.sub(r"[^\n]", " ", code[m.start() : end]))
        i = end


TEST_ATTR = re.compile(r"#\[cfg\((?:all\()?\s*test\b[^\]]*\]")


def test_spans(code):
    """Where the items under `#[cfg(test)]` are (a `mod tests { ... }`, a `use`, a fn)."""
    spans, i = [], 0
    while True:
        m = TEST_ATTR.search(code, i)
        if not m:
            return spans
        j = m.end()
        while j < len(code) and code[j] not in "{;":
            j += 1
        if j < len(code) and code[j] == "{":
            depth = 0
            while j < len(code):
                depth += {"{": 1, "}": -1}.get(code[j], 0)
                j += 1
                if depth == 0:
                    break
            rest = code[j:].lstrip()
            if rest.startswith(";"):
                j = len(code) - len(rest) + 1
        else:
            j += 1
        spans.append((m.start(), j))
        i = j


def without_tests(code):
    """`code` without its `#[cfg(test)]` items."""
    out, i = [], 0
    for a, b in test_spans(code):
        out.append(code[i:a])
        i = b
    out.append(code[i:])
    return "".join(out)


def lines_outside_tests(code):
    """Lines of a file outside its unit tests (`strip` keeps every offset and newline)."""
    stripped = strip(code)
    tests = sum(stripped.count("\n", a, b) for a, b in test_spans(stripped))
    return code.count("\n") - tests


def test_files(src):
    """Files that are unit-test modules (`#[cfg(test)] mod tests;`)."""
    found = set()
    for path, code in sources(src):
        for m in re.finditer(r"#\[cfg\(test\)\]\s*mod\s+([a-z_0-9]+)\s*;", strip(code)):
            base = path[:-3] if not path.endswith(("lib.rs", "mod.rs")) else os.path.dirname(path)
            found.add(os.path.join(base, m.group(1) + ".rs"))
    return found


def sources(src):
    for d, _, files in os.walk(src):
        for f in sorted(files):
            if f.endswith(".rs"):
                p = os.path.join(d, f)
                yield p, open(p, encoding="utf-8").read()


def module_path(src, path):
    rel = os.path.relpath(path, src)[:-3].split(os.sep)
    if rel[-1] == "mod":
        rel = rel[:-1]
    return [] if rel == ["lib"] else rel


def first_segments(code, at):
    """Top-level names of the path starting at `at` (just after `crate::`): one, or each of a
    `{a, b::c}` group."""
    m = re.match(r"\s*([A-Za-z_][A-Za-z_0-9]*)", code[at:])
    if m:
        return [m.group(1)]
    if code[at:].lstrip().startswith("{"):
        j = code.index("{", at) + 1
        depth, part, names = 1, "", []
        while j < len(code) and depth:
            c = code[j]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            if depth == 1 and c == ",":
                names.append(part)
                part = ""
            elif depth >= 1 and not (depth == 1 and c == "{"):
                part += c
            j += 1
        names.append(part)
        return [n.strip().split("::")[0].strip() for n in names if n.strip()]
    return []


def root_names(src):
    """lib.rs's re-exports at the root (`pub use time::UnixTime;`): name -> module."""
    code = strip(open(os.path.join(src, "lib.rs"), encoding="utf-8").read())
    names = {}
    for m in re.finditer(r"pub\s+use\s+(?:crate::)?([a-z_]+)::([^;]+);", code):
        for item in re.findall(r"([A-Za-z_][A-Za-z_0-9]*)\s*(?:,|\}|$)", m.group(2)):
            names[item] = m.group(1)
    return names


def graph(src):
    modules = {
        module_path(src, p)[0] for p, _ in sources(src) if module_path(src, p)
    }
    alias = root_names(src)
    skip = test_files(src)
    edges = {}
    for path, code in sources(src):
        here = module_path(src, path)
        if not here or path in skip:
            continue
        code = without_tests(strip(code))
        found = []
        for m in re.finditer(r"(?<![A-Za-z_0-9])\$?crate::", code):
            found += first_segments(code, m.end())
        for m in re.finditer(r"(?<![A-Za-z_0-9:])((?:super::)+)", code):
            ups = m.group(1).count("super")
            # In src/a/b.rs (module a::b) `super::` is a, `super::super::` the root.
            if ups >= len(here):
                found += first_segments(code, m.end())
        for name in found:
            target = alias.get(name, name)
            if target in modules and target != here[0]:
                edges.setdefault((here[0], target), set()).add(os.path.relpath(path, src))
    return modules, edges


def cycles(modules, edges):
    """Strongly connected components of more than one module (Tarjan)."""
    succ = {m: sorted(b for (a, b) in edges if a == m) for m in modules}
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in succ[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(modules):
        if v not in index:
            visit(v)
    return out


def main():
    layers = read_layers(ARCH)
    modules, edges = graph(SRC)
    passed, failed = 0, 0
    for module in sorted(modules - set(layers)):
        print(f"FAIL {module}: a module of src/ that the layer drawing does not place")
        failed += 1
    bad = []
    for (a, b), files in sorted(edges.items()):
        if a in layers and b in layers and layers[b] >= layers[a]:
            bad.append((a, b))
            print(
                f"FAIL {a} (layer {layers[a]}) imports {b} (layer {layers[b]}): "
                f"{', '.join(sorted(files))}"
            )
            failed += 1
        else:
            passed += 1
    skip = test_files(SRC)
    for path, code in sources(SRC):
        n = lines_outside_tests(code)
        if path not in skip and n > MAX_LINES:
            print(f"FAIL {os.path.relpath(path, SRC)}: {n} lines outside unit tests (at most {MAX_LINES})")
            failed += 1
    if "--graph" in sys.argv:
        print(f"modules: {len(modules)}, edges: {len(edges)}")
        for (a, b), files in sorted(edges.items()):
            print(f"  {a} -> {b}   ({', '.join(sorted(files))})")
        comps = cycles(modules, edges)
        print(f"cycles (strongly connected modules): {len(comps)}")
        for comp in comps:
            print("  " + " <-> ".join(comp))
        print(f"edges against the drawing: {len(bad)}")
    print(f"layers: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
