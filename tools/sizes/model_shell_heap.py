"""The model's side of tools/sizes/shell_heap.py (docs/fidelity.md item 133,
branch heap30): a script run as the oracle's guest runs it (busybox init and
userland), every page the script's bash (and its forked bash children) writes
logged with the cgroup it is charged to, and what each still maps at its end (or
exit) by cgroup and area.

    PYTHONPATH=src python3 tools/sizes/model_shell_heap.py SCRIPT --kernel K --cgroup V [--cpus N] [--pages]
"""
from __future__ import annotations

import sys
from collections import Counter, defaultdict

from model_guest import guest_kernel, guest_parser     # tools/sizes/


def main(argv: list[str]) -> int:
    ap = guest_parser(__doc__)
    ap.add_argument("--pages", action="store_true")
    ap.add_argument("--by-id", action="store_true", help="cgroups told apart by inode")
    a = ap.parse_args(argv)
    from memcgsim.shell import run_script
    from shell_heap import print_task      # tools/sizes/, the script's own directory
    k = guest_kernel(a)
    family: list = []
    log: dict[int, list] = defaultdict(list)
    final: dict[int, dict] = {}
    spawn, fork, touch, exit_, exec_ = k.spawn, k.fork, k.touch, k.exit, k.exec
    execd: set[int] = set()

    def name(c) -> str:
        return (c.path or "/") + (f"#{c.ino}" if a.by_id else "")

    def cg(task) -> str:
        return name(k.task_memcg(task).cgroup)

    def snap(task) -> dict:
        return {(area, p): name(k.memcg.page_memcg(pfn).cgroup)
                for area, vma in task.mm.vmas.items() for p, pfn in vma.pages.items()
                if k.memcg.page_memcg(pfn) is not None}

    def my_spawn(*args, **kw):
        t = spawn(*args, **kw)
        if not family:
            family.append(t)
        return t

    def my_fork(parent, *args, **kw):
        child = fork(parent, *args, **kw)
        if parent in family:
            family.append(child)
        return child

    def my_touch(task, area, first, last):
        if task not in family:
            return touch(task, area, first, last)
        vma = task.mm.vmas.get(area) if task.mm else None
        before = {p: vma.pages.get(p) for p in range(first, last + 1)} if vma else {}
        touch(task, area, first, last)
        vma = task.mm.vmas.get(area) if task.mm else None
        if vma is None:
            return
        for p in range(first, last + 1):
            if vma.pages.get(p) != before.get(p):
                log[task.pid].append((k.now, area, p, cg(task), "cow" if before.get(p) else "new"))

    def my_exec(task, *args, **kw):
        if task in family and task is not family[0]:
            execd.add(task.pid)
        return exec_(task, *args, **kw)

    def my_exit(task, *args, **kw):
        if task in family and task.mm is not None and task.pid not in execd:
            final[task.pid] = snap(task)
        return exit_(task, *args, **kw)

    k.spawn, k.fork, k.touch, k.exit, k.exec = my_spawn, my_fork, my_touch, my_exit, my_exec
    text = open(a.script).read()
    run_script(k, text, a.script.rsplit("/", 1)[-1], seed=a.seed)
    pre = Counter()
    for t in family:
        if t.pid in execd:
            pre.update((e[3], e[1]) for e in log[t.pid])
    print("exec'd children's charges before their exec, by cgroup/area:",
          ", ".join(f"{c} {ar} {n}" for (c, ar), n in sorted(pre.items())))
    for t in family:
        if t.pid not in final and t.mm is not None and t.pid not in execd:
            final[t.pid] = snap(t)
    for t in family:
        pages = final.get(t.pid, {})
        if t is not family[0] and (not log[t.pid] or t.pid in execd):
            continue
        live = Counter((c, area) for (area, p), c in pages.items())
        ch = Counter((e[3], e[1], e[4]) for e in log[t.pid])
        print_task(f"== pid {t.pid}{' (the script)' if t is family[0] else ''}: "
                   f"{sum(ch.values())} charged;", live, ch, a.by_id)
        if a.pages:
            for e in log[t.pid]:
                print(f"   {e[0]:10.6f}", *e[1:])
            print("   mapped at the end:", " ".join(f"{ar}+{p}:{c}" for (ar, p), c in sorted(pages.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
