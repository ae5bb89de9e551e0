#!/usr/bin/env python3
"""memcgsim calibration (session 32, branch heap32, docs/fidelity.md item 153): the
model's side of calibration/runtime-cycle-brk-trace.sh: the script bash's heap growth
(``sysmalloc``'s sbrk), trims (``systrim``), mmap'd chunks and their munmaps (with the
dynamic thresholds after each), as shell/malloc.py's ``Heap`` makes them through
calibration/runtime-cycle-shell-anon.sh on the guests' layout (6.1, v2, busybox
userland), then the script's own output.

    .venv/bin/python calibration/runtime-cycle-brk-model.py
"""
import sys
from pathlib import Path

import memcgsim
from memcgsim.shell import malloc

LOG: list[str] = []


def _wrap(name: str) -> None:
    orig = getattr(malloc.Heap, name)

    def run(self, *args):
        brk = self.brk
        out = orig(self, *args)
        pages = (self.brk - brk) // malloc.PAGE
        if name in ("_sysmalloc", "_systrim") and pages:
            LOG.append(f"pid {self.task.pid}: brk {pages:+d} pages (to {self.brk // malloc.PAGE})")
        elif name == "_mmap":
            LOG.append(f"pid {self.task.pid}: mmap {out[1]} bytes")
        elif name == "free" and args[0] is not None and args[0][0] < 0:
            LOG.append(f"pid {self.task.pid}: munmap {args[0][1]} bytes; mmap_threshold "
                       f"{self.mmap_threshold}, trim_threshold {self.trim_threshold}")
        return out
    setattr(malloc.Heap, name, run)


for _name in ("_sysmalloc", "_systrim", "_mmap", "free"):
    _wrap(_name)
_script = Path(__file__).with_name("runtime-cycle-shell-anon.sh")
_r = memcgsim.run(_script, kernel="6.1", cgroup="v2", init="busybox", userland="busybox")
sys.stdout.write(_r.stdout)
print("\n".join(LOG))
