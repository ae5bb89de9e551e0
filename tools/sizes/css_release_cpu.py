"""Who drops each removed memory cgroup's last css reference, and on which CPU
against its offline's (tools/sizes/css-release-cpu-trace.sh; docs/fidelity.md items
165, session 32 slab32); with ``--model SCRIPT KERNEL CPUS`` the model's run of the
same script (the holder of the last ``css_put`` and its CPU against the offline's).

    python3 tools/sizes/css_release_cpu.py REC.txt
    PYTHONPATH=src python3 tools/sizes/css_release_cpu.py --model SCRIPT KERNEL CPUS
"""
from __future__ import annotations

import collections
import re
import sys

EV = re.compile(r"^ct (\d+) (\d+) (\S+) (\S+)(.*)$")


def guest(path: str) -> collections.Counter:
    """(caller of css_release, same/other CPU than the offline) -> memcgs."""
    out: collections.Counter = collections.Counter()
    offline: dict[int, int] = {}        # css address -> CPU of its offline
    frames: list[str] = []
    lines = open(path, errors="replace").read().splitlines()
    i = 0
    while i < len(lines):
        raw = lines[i]
        i += 1
        m = EV.match(raw)
        if not m:
            continue
        cpu, ev, args = int(m[1]), m[3], m[5]
        if ev == "offline":
            offline[int(re.search(r"css=(\S+)", args)[1], 16)] = cpu
        elif ev == "release":
            ref = int(re.search(r"ref=(\S+)", args)[1], 16)
            frames = []
            while i < len(lines) and (not EV.match(lines[i]) or "<stack" in lines[i]):
                if lines[i].startswith("ct   <= "):
                    frames.append(lines[i][8:])
                i += 1
            caller = frames[frames.index("css_release") + 1] if "css_release" in frames else "?"
            css = ref - 0x10            # css->refcnt (struct cgroup_subsys_state, BTF)
            if css in offline:
                out[(caller, "same" if offline.pop(css) == cpu else "other")] += 1
    return out


def model(script: str, design: str, cpus: int) -> collections.Counter:
    """The model's (holder of the last css_put, same/other CPU) -> memcgs."""
    from pathlib import Path

    import memcgsim
    from memcgsim.kernel import cgroup as CG
    from memcgsim.kernel import memcontrol as MC
    from memcgsim.machine import Kernel

    out: collections.Counter = collections.Counter()
    kernels: list = []
    offcpu: dict[int, int] = {}
    init, off, put = Kernel.__init__, MC.MemoryController.css_offline, CG.CgroupCore.css_put

    def kinit(self, *a, **kw):
        init(self, *a, **kw)
        kernels.append(self)

    def offline(self, memcg):
        offcpu[id(memcg)] = kernels[0].current.cpu
        return off(self, memcg)

    def css_put(self, css, holder, n=1):
        if css.refcnt == n and id(css) in offcpu:
            same = kernels[0].current.cpu == offcpu.pop(id(css))
            out[(holder, "same" if same else "other")] += 1
        return put(self, css, holder, n)
    Kernel.__init__, MC.MemoryController.css_offline, CG.CgroupCore.css_put = kinit, offline, css_put
    try:
        memcgsim.run(Path(script), kernel=design, cgroup="v2", cpus=cpus,
                     init="busybox", userland="busybox")
    finally:
        Kernel.__init__, MC.MemoryController.css_offline, CG.CgroupCore.css_put = init, off, put
    return out


def main(argv: list[str]) -> int:
    """Print the counts."""
    if not argv:
        print(__doc__)
        return 2
    out = model(argv[1], argv[2], int(argv[3])) if argv[0] == "--model" else guest(argv[0])
    for (who, where), n in sorted(out.items(), key=lambda kv: -kv[1]):
        print(f"{n:5d}  {who:24s} {where} CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
