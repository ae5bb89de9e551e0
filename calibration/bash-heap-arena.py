#!/usr/bin/env python3
"""memcgsim calibration (session 32, branch heap32, docs/fidelity.md item 153): walk
the glibc 2.36 main arena of bash-static that calibration/bash-heap-arena.sh dumped
(its output, a guest's or the host's, on stdin or as FILE): every chunk from the
first (``tcache_perthread_struct``, size 0x291) to the top, the tcache bins (their
entries, newest first: ``tcache_get``'s order), the fastbins (safe-linked ``fd``:
glibc 2.32's ``PROTECT_PTR``), the unsorted, small and large bins (main_arena's
``bins``, found as the word after the pointer to the top chunk), the top's offset.
Offsets are from the start of ``[heap]``. ``--python`` prints the dict
shell/startheap.py holds.

    python3 calibration/bash-heap-arena.py [FILE] [--python]
"""
import base64
import gzip
import struct
import sys


def blocks(text: str) -> dict:
    """The dump's fields: heap and data ranges, the two decoded blobs."""
    out, cur, buf = {}, None, []
    for line in text.splitlines():
        w = line.split()
        if not w:
            continue
        if len(w) == 2 and w[1] == "begin":
            cur, buf = w[0], []
        elif len(w) == 2 and w[1] == "end" and cur:
            out[cur] = gzip.decompress(base64.b64decode("".join(buf)))
            cur = None
        elif cur:
            buf.append(line.strip())
        elif w[0] in ("heap", "data"):
            out[w[0]] = [int(x, 16) for x in w[1].split("-")]
    return out


def walk(d: dict) -> dict:
    heap, arena = d["heap-gz-b64"], d["arena-gz-b64"]
    base = d["heap"][0]
    abase = 0x63a000
    q = lambda b, o: struct.unpack_from("<Q", b, o)[0]

    def rq(addr):
        if base <= addr < base + len(heap):
            return q(heap, addr - base)
        if abase <= addr < abase + len(arena):
            return q(arena, addr - abase)
        raise KeyError(hex(addr))

    start = next(o for o in range(0, 0x4000, 16) if q(heap, o + 8) == 0x291)
    chunks = []
    o = start
    while True:
        size = q(heap, o + 8) & ~7
        chunks.append((o, size))
        if o + size >= len(heap) or size == 0:
            break
        o += size
    top = chunks[-1][0]
    ma_top = next(abase + o for o in range(0, len(arena) - 8, 8) if q(arena, o) == base + top)
    fast = {}
    for k in range(10):
        p, lst = rq(ma_top - 80 + 8 * k), []
        while p and len(lst) < 1000:
            lst.append(p - base)
            nxt = rq(p + 16)
            p = ((p + 16) >> 12) ^ nxt if nxt else 0
            if p == (p + 16) >> 12:
                break
        if lst:
            fast[(k + 2) * 16] = lst
    bins = {}
    for i in range(1, 128):
        fake = ma_top + 16 + 16 * (i - 1) - 16
        p, lst = rq(fake + 16), []
        while p != fake and len(lst) < 1000:
            lst.append((p - base, q(heap, p - base + 8) & ~7))
            p = rq(p + 16)
        if lst:
            bins[i] = lst
    counts = struct.unpack_from("<64H", heap, start + 16)
    tcache = {}
    for i in range(64):
        if counts[i]:
            p, lst = rq(base + start + 16 + 128 + 8 * i), []
            while p and len(lst) < counts[i]:
                lst.append(p - 16 - base)
                nxt = rq(p)
                p = (p >> 12) ^ nxt if nxt else 0
            tcache[(i + 2) * 16] = lst
    return {"start": start, "top": top, "brk": len(heap), "chunks": chunks,
            "tcache": tcache, "fastbins": fast, "bins": bins}


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    text = open(args[0]).read() if args else sys.stdin.read()
    a = walk(blocks(text))
    if "--python" in sys.argv:
        print({k: a[k] for k in ("start", "top", "brk", "tcache", "fastbins", "bins")})
        return
    print(f"arena from {a['start']:#x}; top {a['top']:#x} (page {a['top'] / 4096:.2f}); "
          f"[heap] {a['brk'] // 4096} pages; {len(a['chunks']) - 1} chunks below the top")
    for size, lst in a["tcache"].items():
        print(f"tcache {size}: " + " ".join(f"{p:#x}(p{p // 4096})" for p in lst))
    for size, lst in a["fastbins"].items():
        print(f"fastbin {size}: " + " ".join(f"{p:#x}(p{p // 4096})" for p in lst))
    for i, lst in a["bins"].items():
        print(f"bin {i}: " + " ".join(f"{p:#x}+{s}(p{p // 4096})" for p, s in lst))


if __name__ == "__main__":
    main()
