#!/usr/bin/env python3
"""memcgsim calibration (session 37, branch heap37, docs/fidelity.md item 273): read
calibration/bash-fork-chunks.sh's output (a recording, or its stdout) and print, for
each fork it caught, the heap pages the parent and the child copied (their PFN
changed from the dump before the fork) and, in each, the chunks whose bytes changed:
offset, chunk size, the changed bytes' range, and the chunk's text (its printable
bytes) before and after. Offsets are from the start of ``[heap]``, each chunk's its
start (``prev_size``) as glibc's ``mchunkptr``.

    python3 calibration/bash-fork-chunks.py FILE
"""
import base64
import gzip
import re
import struct
import sys

PAGE = 4096


def dumps(text: str) -> dict:
    """TAG -> {"pfn": [...], "mem": bytes} of each dump in ``text``."""
    out: dict = {}
    cur, buf = None, []
    for line in text.splitlines():
        m = re.match(r"^(\w+) (heap|pfn|mem) ?(.*)$", line)
        if cur is not None:
            if line == f"{cur} mem end":
                out[cur]["mem"] = gzip.decompress(base64.b64decode("".join(buf)))
                cur = None
            else:
                buf.append(line.strip())
            continue
        if not m:
            continue
        tag, kind, rest = m.groups()
        d = out.setdefault(tag, {})
        if kind == "pfn":
            d["pfn"] = [int(w, 16) & ((1 << 55) - 1) if int(w, 16) >> 63 else None
                        for w in rest.split()]
        elif kind == "mem" and rest == "begin":
            cur, buf = tag, []
    return out


def chunks(mem: bytes) -> list[tuple[int, int]]:
    """(offset, size) of each chunk from ``tcache_perthread_struct`` to the top."""
    q = lambda o: struct.unpack_from("<Q", mem, o)[0]
    o = next(o for o in range(0, 0x4000, 16) if q(o + 8) == 0x291)
    out = []
    while o + 16 <= len(mem):
        size = q(o + 8) & ~7
        out.append((o, size))
        if size == 0 or o + size >= len(mem):
            break
        o += size
    return out


def text(b: bytes) -> str:
    """The printable bytes of ``b``, others as dots (runs of dots squeezed)."""
    s = "".join(chr(c) if 32 <= c < 127 else "." for c in b)
    return re.sub(r"\.{3,}", "..", s)


def changed(before: bytes, after: bytes, page: int, walk: list) -> list[str]:
    """The chunks (of ``walk``, the after-dump's) whose bytes on ``page`` differ."""
    lo, hi = page * PAGE, (page + 1) * PAGE
    diff = [i for i in range(lo, min(hi, len(before), len(after))) if before[i] != after[i]]
    out = []
    for o, size in walk:
        if o + size <= lo or o >= hi:
            continue
        d = [i for i in diff if o <= i < o + size]
        if not d:
            continue
        out.append(f"    chunk {o} (page {o // PAGE}+{o % PAGE}) size {size}: bytes "
                   f"{d[0] - o}..{d[-1] - o} changed; before '{text(before[o + 16:o + min(size, 80)])}'"
                   f" after '{text(after[o + 16:o + min(size, 80)])}'")
    return out


def cstr(mem: bytes, base: int, ptr: int) -> str | None:
    """The NUL-terminated string at address ``ptr`` of the heap at ``base``."""
    o = ptr - base
    if not 0 <= o < len(mem):
        return None
    e = mem.find(b"\0", o)
    return mem[o:e].decode(errors="replace") if e >= 0 else None


def written(b: bytes, x: bytes, y: bytes, base: int, walk: list) -> list[str]:
    """The pages whose bytes ``x`` (one side after the fork) changed where ``y``
    (the other side) did not: that side's own writes after the fork (or a write
    before it the other side then overwrote), each chunk named; a hash table's
    ``BUCKET_CONTENTS`` (48-byte chunk, ``times_found`` at data offset 28) by its
    key, with the count before and after."""
    n = min(len(b), len(x), len(y))
    diff = [i for i in range(n) if x[i] != b[i] and x[i] != y[i]]
    pages: dict = {}
    for i in diff:
        pages.setdefault(i // PAGE, []).append(i)
    out = []
    for pg, idx in sorted(pages.items()):
        names = []
        for o, size in walk:
            d = [i for i in idx if o <= i < o + size]
            if not d:
                continue
            name = f"{o}/{size}"
            if size == 48 and d[0] - o >= 44 and d[-1] - o <= 47:
                key = cstr(x, base, struct.unpack_from("<Q", x, o + 24)[0])
                tf = lambda m: struct.unpack_from("<I", m, o + 44)[0]
                name += f" bucket {key!r} times_found {tf(b)}->{tf(x)}"
            elif size == 1040:
                name += f" pointer array, slots {(d[0] - o - 16) // 8}..{(d[-1] - o - 16) // 8}"
            else:
                name += f" '{text(x[o + 16:o + min(size, 48)])}'"
            names.append(name)
        out.append(f"    page {pg}: " + "; ".join(names))
    return out


def main() -> None:
    t = open(sys.argv[1]).read() if len(sys.argv) > 1 else sys.stdin.read()
    d = dumps(t)
    for line in t.splitlines():
        if line.startswith("fork "):
            print(line)
    k = 1
    while f"b{k}" in d:
        b, p, c = d[f"b{k}"], d[f"p{k}"], d[f"c{k}"]
        wb = chunks(b["mem"])
        top = wb[-1][0]
        print(f"fork {k}: top before {top} (page {top // PAGE}), {len(b['pfn'])} pages")
        for who, x in (("parent", p), ("child", c)):
            wx = chunks(x["mem"])
            copied = [i for i, (u, v) in enumerate(zip(b["pfn"], x["pfn"])) if u and v and u != v]
            new = [i for i, (u, v) in enumerate(zip(b["pfn"], x["pfn"])) if not u and v]
            print(f"  {who}: copied {copied} new {new}; top {wx[-1][0]}")
            for pg in copied + new:
                print(f"   page {pg}:")
                for s in changed(b["mem"], x["mem"], pg, wx) or ["    (no byte changed)"]:
                    print(s)
        base = {}
        for line in t.splitlines():
            m = re.match(rf"^([bpc]{k}) heap (\w+)-", line)
            if m:
                base[m.group(1)] = int(m.group(2), 16)
        for who, x, y, tag in (("parent", p, c, f"p{k}"), ("child", c, p, f"c{k}")):
            print(f"  {who}'s own writes after the fork (bytes changed on its side only):")
            for line in written(b["mem"], x["mem"], y["mem"], base[tag], chunks(x["mem"])):
                print(line)
        k += 1


if __name__ == "__main__":
    main()
