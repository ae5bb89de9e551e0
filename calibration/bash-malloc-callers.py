#!/usr/bin/env python3
"""memcgsim calibration (session 35, branch heap35, docs/fidelity.md item 221): who
in bash 5.2.15 holds the chunks of its arena as calibration/runtime-cycle-arena.sh
reaches round 0's ``v=$(...)`` (where the guests' arena was walked).

Recording (on the host: the host's Debian /bin/bash, the guests' bash-static's
source and glibc; malloc-trace/mtrbt.c logs each request's return addresses in
bash, which ``--name`` turns into function names with bash's dynamic symbols,
``nm -D --defined-only /bin/bash``: bash exports its functions for loadable
builtins, so a static function shows as the exported one before it, e.g.
evalstring.c ``parse_prologue`` as ``source_file``, subst.c ``param_expand`` as
``expand_arith_string``):

    MTR=mtrbt sh calibration/parse-tree-malloc.sh | python3 calibration/bash-malloc-callers.py --name /bin/bash | gzip -9 > calibration/recordings/bash-malloc-callers.txt.gz
    python3 calibration/bash-malloc-callers.py calibration/recordings/bash-malloc-callers.txt.gz

The report: the script bash's chunks in use at the fork of round 0's ``$(...)``
(the fork before its first request of 100 kB) by chunk size, the unwind-protect
elements among them by who made them (unwind_prot.c's cache: shell/execframes.py),
and each ``xparse_dolparen`` of a ``$(...)``'s text with the text's length
(shell/dolparen.py).
"""
import bisect
import collections
import gzip
import subprocess
import sys

#: allocation wrappers: a request is named by its first caller outside them
WRAPPERS = ("xmalloc", "xrealloc", "xcalloc", "sh_xmalloc", "sh_xrealloc")
#: unwind_prot.c's element makers
UNWIND = ("unwind_protect_mem", "add_unwind_protect", "begin_unwind_frame")


def name(binary: str) -> None:
    """stdin's raw trace to stdout: the first pid's lines, callers named (up to
    five, ``function+offset``), a child's first line as ``fork PID``."""
    syms = []
    out = subprocess.run(["nm", "-D", "--defined-only", binary], capture_output=True,
                         text=True, check=True).stdout
    for line in out.splitlines():
        t = line.split()
        if len(t) == 3 and t[1] in "Tt":
            syms.append((int(t[0], 16), t[2]))
    syms.sort()
    addrs = [a for a, _ in syms]
    pid, seen = None, set()
    for line in sys.stdin:
        t = line.split()
        if not t or t[0] == "#":
            sys.stdout.write(line)
            continue
        if pid is None:
            pid = t[0]
            seen.add(pid)
        if t[0] != pid:
            if t[0] not in seen:
                seen.add(t[0])
                print("fork", t[0])
            continue
        if "@" in t:
            k = t.index("@")
            callers = []
            for off in t[k + 1:k + 6]:
                i = bisect.bisect_right(addrs, int(off, 16)) - 1
                callers.append(f"{syms[i][1]}+{int(off, 16) - syms[i][0]:x}" if i >= 0 else off)
            t = t[:k + 1] + callers
        print(" ".join(t[1:]))


def chunk(n: int) -> int:
    """glibc's ``request2size``."""
    return max(32, (n + 23) & -16)


def who(callers: list[str]) -> list[str]:
    """The callers by function, the allocation wrappers left out."""
    return [c.split("+")[0] for c in callers if c.split("+")[0] not in WRAPPERS]


def report(path: str) -> None:
    ops, forks = [], []
    with gzip.open(path, "rt") as f:
        for line in f:
            t = line.split()
            if not t or t[0] == "#":
                continue
            if t[0] == "fork":
                forks.append(len(ops))
                continue
            k = t.index("@") if "@" in t else len(t)
            ops.append((t[:k], who(t[k + 1:])))
    size = lambda t: int(t[2] if t[0] == "r" else t[1])
    big = next(i for i, (t, _) in enumerate(ops) if t[0] in "mcr" and size(t) >= 100000)
    at = max(f for f in forks if f <= big)
    live, parses = {}, []
    for t, cs in ops[:at]:
        if t[0] in "mc":
            live[t[2]] = (int(t[1]), cs)
            if cs[:2] == ["substring", "xparse_dolparen"]:
                parses.append(int(t[1]) - 1)
        elif t[0] == "f":
            live.pop(t[1], None)
        else:
            live.pop(t[1], None)
            live[t[3]] = (int(t[2]), cs)
    sizes = collections.Counter(chunk(n) for n, _ in live.values())
    print(f"in use at the fork of round 0's $(...): {len(live)} chunks, "
          f"{sum(chunk(n) for n, _ in live.values())} bytes")
    print("  by size:", " ".join(f"{s}:{c}" for s, c in sorted(sizes.items())))
    uw = collections.Counter((cs[0], n) for n, cs in live.values() if cs and cs[0] in UNWIND)
    print(f"unwind-protect elements: {sum(uw.values())}")
    for (f, n), c in sorted(uw.items()):
        print(f"  {c:4d} x {n:3d} bytes by {f}")
    by = collections.Counter((chunk(n), " < ".join(cs[:3])) for n, cs in live.values())
    print("chunks of 48 and 240 bytes by their callers (10 or more):")
    for (s, w), c in sorted(by.items(), key=lambda x: (x[0][0], -x[1])):
        if s in (48, 240) and c >= 10:
            print(f"  {s:4d} {c:4d}  {w}")
    print(f"xparse_dolparen parses before it: {len(parses)} (text lengths {parses})")


def main() -> None:
    if sys.argv[1:2] == ["--name"]:
        name(sys.argv[2])
    else:
        report(sys.argv[1] if len(sys.argv) > 1 else "calibration/recordings/bash-malloc-callers.txt.gz")


if __name__ == "__main__":
    main()
