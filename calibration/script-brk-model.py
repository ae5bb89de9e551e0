#!/usr/bin/env python3
"""memcgsim calibration (session 40, branch userland40, docs/fidelity.md item 339): the
model's side of calibration/script-brk-trace.sh for any script: the script bash's heap
as shell/malloc.py's ``Heap`` moves it (``sysmalloc``'s sbrk and ``systrim``), each move
with the request that made it and the top chunk's offset before and after, in pages of
``[heap]`` (the guests' trace: brk - start_brk), run as the oracle's guest runs it
(oracle/cli.py ``run_model``), then the script's own output.

    .venv/bin/python calibration/script-brk-model.py SCRIPT [KERNEL]
"""
import sys
from pathlib import Path

from memcgsim.oracle.cli import run_model
from memcgsim.shell import malloc

LOG: list[str] = []


def _wrap(name: str) -> None:
    orig = getattr(malloc.Heap, name)

    def run(self, *args):
        brk, top = self.brk, self.top
        out = orig(self, *args)
        if self.brk != brk:
            what = f"request {args[0]}" if args else "trim"
            LOG.append(f"pid {self.task.pid}: {what}: top {top} -> {self.top}, "
                       f"[heap] {brk // malloc.PAGE} -> {self.brk // malloc.PAGE} pages")
        return out
    setattr(malloc.Heap, name, run)


for _name in ("_sysmalloc", "_systrim"):
    _wrap(_name)
_script = Path(sys.argv[1])
_r = run_model(_script.read_text(), _script.name, sys.argv[2] if len(sys.argv) > 2 else "6.1",
               "v2", 2)
sys.stdout.write(_r.stdout)
print("\n".join(LOG))
