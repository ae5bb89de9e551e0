"""Cache by cache, what each phase of a traced run moved (tools/sizes/procs-enter-trace.sh:
"R PHASE CACHE objsize active +N objs +N pages +N" lines), in several runs side by side
(guest outputs of `memcgsim oracle`, or the model's `memcgsim run`); per phase also
/proc/meminfo Slab against the slab pages the moved caches add up to (docs/fidelity.md
item 49: meminfo's Slab leaves out each CPU's vmstat differential, slabinfo does not).

    python3 tools/sizes/slab_moved.py RUN.txt [MORE.txt...]

Only caches whose slab pages differ between the runs are listed (all with -a).
"""
import re
import sys

LINE = re.compile(r"^(\d+ \w+) (\S+) (\d+) active (-?\d+) objs (-?\d+) pages (-?\d+)$", re.M)
HEAD = re.compile(r"^round (\d+) (\w+): Slab (-?\d+) bytes per cgroup$", re.M)
CGROUPS = re.compile(r"cgroups=(\d+)")


def load(path: str) -> tuple[dict, dict]:
    """(phase, cache) -> slab pages moved; phase -> (meminfo Slab pages, slabinfo pages)."""
    text = open(path).read()
    n = int(CGROUPS.search(text).group(1))
    pages: dict = {}
    for phase, cache, _size, _act, _objs, pg in LINE.findall(text):
        pages[(phase, cache)] = int(pg)
    totals = {}
    for r, ph, slab in HEAD.findall(text):
        phase = f"{r} {ph}"
        slabinfo = sum(v for (p, _), v in pages.items() if p == phase)
        totals[phase] = (round(int(slab) * n / 4096), slabinfo)
    return pages, totals


def main(argv: list[str]) -> int:
    """Print the table."""
    show_all = "-a" in argv
    paths = [a for a in argv if a != "-a"]
    runs = [load(p) for p in paths]
    phases = sorted({ph for _, t in runs for ph in t},
                    key=lambda s: (int(s.split()[0]), s.split()[1] != "alive"))
    print("runs:", *(f"[{i}] {p}" for i, p in enumerate(paths)), sep="\n  ")
    for ph in phases:
        print(f"== {ph}: meminfo Slab / slabinfo pages: "
              + "  ".join(f"[{i}] {t.get(ph, ('-', '-'))[0]} / {t.get(ph, ('-', '-'))[1]}"
                          for i, (_, t) in enumerate(runs)))
        caches = sorted({c for pg, _ in runs for (p, c) in pg if p == ph})
        for c in caches:
            vals = [pg.get((ph, c), 0) for pg, _ in runs]
            if show_all or len(set(vals)) > 1:
                print(f"   {c:24s}" + "".join(f"{v:6d}" for v in vals))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
