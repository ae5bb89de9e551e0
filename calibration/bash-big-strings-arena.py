#!/usr/bin/env python3
"""memcgsim calibration (session 34, branch strings34, docs/fidelity.md items 195):
the worker bash's big chunks after each of calibration/bash-big-strings.sh's first
eight steps, from the guest's dumps of its [heap] and main_arena (walked by
calibration/bash-heap-arena.py's ``walk``): every chunk of 64 KiB or more from the
heap's start, used or free (in a bin), then the top and the heap's end, in pages
and bytes from ``[heap]``'s start. ``--model`` prints the same for the model's
worker (shell/malloc.py's ``Heap``: its free chunks are its bins'; a used one is
what lies between them), run through the same script.

    python3 calibration/bash-big-strings-arena.py calibration/recordings/bash-big-strings--6.1-v2.txt.gz
    PYTHONPATH=src python3 calibration/bash-big-strings-arena.py --model
"""
import gzip
import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).parent
BIG = 65536


def _arena_module():
    spec = importlib.util.spec_from_file_location("bash_heap_arena", HERE / "bash-heap-arena.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def guest(path: str) -> None:
    """Each dump of the recording, walked."""
    arena = _arena_module()
    raw = Path(path).read_bytes()
    text = (gzip.decompress(raw) if path.endswith(".gz") else raw).decode()
    parts = text.split("\ndump ")[1:]
    for part in parts:
        label, _, body = part.partition("\n")
        body = body[:body.index("arena-gz-b64 end") + len("arena-gz-b64 end")]
        a = arena.walk(arena.blocks(body))
        free = {p for lst in a["bins"].values() for p, _ in lst}
        big = [f"{'free' if o in free else 'used'} {o:#x}+{s}" for o, s in a["chunks"][:-1]
               if s >= BIG]
        print(f"{label}: top {a['top']:#x} (page {a['top'] / 4096:.2f}), [heap] "
              f"{a['brk'] // 4096} pages; " + ", ".join(big))


def model() -> None:
    """The model's worker through the same steps, its big chunks after each."""
    import memcgsim
    from memcgsim.shell import builtins, malloc

    bi_read = builtins.BUILTINS["read"]
    done = []

    def read(sh, argv):
        # the worker's next `read -r cmd < /tmp/go`: the step before it is done
        if argv[-1] == "cmd":
            heap = sh.heap
            if done:
                print(f"{len(done)} {done[-1]}: " + layout(heap))
        st = bi_read[0](sh, argv)
        if argv[-1] == "cmd":
            done.append(sh.get("cmd"))
        return st

    def layout(heap) -> str:
        free = dict(heap.binned)
        out, at = [], 0
        for o in sorted(free):
            if o - at >= BIG:
                out.append(f"used {at:#x}+{o - at}")
            if free[o] >= BIG:
                out.append(f"free {o:#x}+{free[o]}")
            at = o + free[o]
        if heap.top - at >= BIG:
            out.append(f"used {at:#x}+{heap.top - at}")
        return (f"top {heap.top:#x} (page {heap.top / 4096:.2f}), [heap] "
                f"{heap.brk // malloc.PAGE} pages; " + ", ".join(out))

    builtins.BUILTINS["read"] = (read, bi_read[1])
    memcgsim.run(HERE / "bash-big-strings.sh", kernel="6.1", cgroup="v2", init="busybox",
                 userland="busybox")


if __name__ == "__main__":
    if "--model" in sys.argv:
        model()
    else:
        guest(sys.argv[1])
