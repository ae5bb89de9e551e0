#!/usr/bin/env python3
"""memcgsim calibration (session 39, branch heap39, docs/fidelity.md item 321): bash's
hash tables in an arena dump of calibration/bash-heap-arena.sh or bash-c-arena.sh
(a guest's recording, one dump or several after ``== NAME`` lines): every 32-byte
chunk that is a hashlib.h ``HASH_TABLE`` (its ``bucket_array`` pointing into the
heap, ``nbuckets`` a power of two), with its bucket array's chunk and ``nentries``.
Offsets are from the start of ``[heap]`` (shell/startheap.py ``GUEST_HASH_TABLES``).

    python3 calibration/bash-hash-tables.py FILE
"""
import importlib.util
import os
import re
import struct
import sys

_spec = importlib.util.spec_from_file_location(
    "bash_heap_arena", os.path.join(os.path.dirname(os.path.abspath(__file__)), "bash-heap-arena.py"))
arena = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(arena)


def tables(dump: str) -> list[tuple[int, int, int, int]]:
    """(HASH_TABLE chunk, bucket array chunk, nbuckets, nentries) of one dump."""
    d = arena.blocks(dump)
    heap, base = d["heap-gz-b64"], d["heap"][0]
    q = lambda o: struct.unpack_from("<Q", heap, o)[0]
    o = next(o for o in range(0, 0x4000, 16) if q(o + 8) == 0x291)
    out = []
    while o + 32 <= len(heap):
        size = q(o + 8) & ~7
        if size == 0:
            break
        if size == 32:
            ba = q(o + 16)
            nb, ne = struct.unpack_from("<ii", heap, o + 24)
            if base <= ba < base + len(heap) and nb > 0 and nb & (nb - 1) == 0:
                out.append((o, ba - base - 16, nb, ne))
        o += size
    return out


def main() -> None:
    text = open(sys.argv[1]).read()
    parts = re.split(r"^== (.*)$", text, flags=re.M)
    dumps = [("", parts[0])] if len(parts) == 1 else list(zip(parts[1::2], parts[2::2]))
    for name, dump in dumps:
        if "heap-gz-b64" not in dump:
            continue
        print(f"== {name}" if name else "==")
        for t, b, nb, ne in tables(dump):
            print(f"HASH_TABLE {t} buckets {b} nbuckets {nb} nentries {ne}")


if __name__ == "__main__":
    main()
