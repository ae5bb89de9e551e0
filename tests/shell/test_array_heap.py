"""What bash 5.2 allocates for its arrays (shell/arraymem.py), against bash 5.2.15's
own calls (calibration/malloc-trace/arrays.sh, recorded by
calibration/bash-malloc-trace.sh): the runs of calls of each part of the script,
between its marker commands, that are the array's and its elements'."""
import gzip
from pathlib import Path

import memcgsim
from memcgsim.shell import malloc

from test_malloc import REC

SCRIPT = Path(__file__).resolve().parents[2] / "calibration" / "malloc-trace" / "arrays.sh"
NAME = "bash-malloc--arrays.txt.gz"
#: the script's parts
PARTS = 6


def sections(calls: list[str]) -> list[list[str]]:
    """The calls of each part: from the first copy of the word of the marker
    before it (300 + 10k bytes) to the first of the next marker's."""
    starts = [calls.index(f"m {301 + 10 * k}") for k in range(PARTS + 1)]
    return [calls[a:b] for a, b in zip(starts, starts[1:])]


def traced() -> list[str]:
    """The recording's calls as ``m SIZE``, ``f SIZE``, ``r OLD->NEW``."""
    live, out = {}, []
    with gzip.open(REC / NAME, "rt") as f:
        for line in f:
            t = line.split()
            if t[0] == "#":
                continue
            if t[0] in "mc":
                live[t[2]] = t[1]
                out.append(f"m {t[1]}")
            elif t[0] == "f":
                out.append(f"f {live.pop(t[1], '?')}")
            else:
                out.append(f"r {live.pop(t[1], '?')}->{t[2]}")
                live[t[3]] = t[2]
    return out


def model(monkeypatch) -> list[str]:
    """The model's script bash's calls for the same script, in the same form."""
    out, live, pid = [], {}, []
    om, of, mm, fm = malloc.Heap.malloc, malloc.Heap.free, malloc.Heap.malloc_many, malloc.Heap.free_many

    def mine(h) -> bool:
        if not pid:
            pid.append(h.task.pid)
        return h.task.pid == pid[0]

    def m(self, n, written=None):
        c = om(self, n, written)
        if mine(self):
            live[c] = n
            out.append(f"m {n}")
        return c

    def f(self, c):
        if c is not None and mine(self):
            out.append(f"f {live.pop(c, '?')}")
        return of(self, c)

    def many(self, sizes):
        cs = mm(self, sizes)
        if mine(self):
            for n, c in zip(sizes, cs):
                live[c] = n
                out.append(f"m {n}")
        return cs

    def free_many(self, chunks):
        if mine(self):
            out.extend(f"f {live.pop(c, '?')}" for c in reversed(chunks))
        return fm(self, chunks)

    monkeypatch.setattr(malloc.Heap, "malloc", m)
    monkeypatch.setattr(malloc.Heap, "free", f)
    monkeypatch.setattr(malloc.Heap, "malloc_many", many)
    monkeypatch.setattr(malloc.Heap, "free_many", free_many)
    memcgsim.run(SCRIPT, kernel="6.1", cgroup="v2", init="busybox", userland="busybox")
    return out


def has_run(calls: list[str], run: list[str]) -> bool:
    """``run`` is a run of consecutive calls of ``calls``."""
    n = len(run)
    return any(calls[i:i + n] == run for i in range(len(calls) - n + 1))


#: per part of the script (the loop, arr[$i]=, arr[2]=, declare -a, declare -A,
#: m[k3]=), runs of calls bash 5.2.15 makes there
RUNS = {
    # the first arr[1]="value-1": SHELL_VAR, name, key, bucket, ARRAY, head, then
    # the value's copy, the ARRAY_ELEMENT, its copy, the first copy freed
    1: [["m 48", "m 4", "m 4", "m 32", "m 32", "m 32", "m 8", "m 32", "m 8", "f 8"]],
    # arr[2]=replaced: the copy, a new element and its copy, the old value and the
    # new structure freed, then the first copy
    2: [["m 9", "m 32", "m 9", "f 8", "f 32", "f 9"]],
    # declare -a d=(one two three): the array, then each element bound
    3: [["m 48", "m 2", "m 2", "m 32", "m 32", "m 32"], ["m 4", "m 32", "m 4", "f 4"],
        ["m 6", "m 32", "m 6", "f 6"]],
    # declare -A: the HASH_TABLE and its 1024 buckets
    4: [["m 48", "m 2", "m 2", "m 32", "m 16", "m 8192"]],
}


def test_array_calls_are_bash_s(monkeypatch):
    """Each part's runs of array calls, in the recording and in the model's bash;
    ``declare -A m=(...)`` makes a second table and frees the first, as bash's
    ``assign_compound_array_list`` does."""
    want, got = sections(traced()), sections(model(monkeypatch))
    for part, runs in RUNS.items():
        for run in runs:
            assert has_run(want[part], run), (part, run)
            assert has_run(got[part], run), (part, run, got[part])
    for calls in (want[4], got[4]):
        assert calls.count("m 8192") == 2 and calls.count("f 8192") == 1
        assert calls.index("f 8192") > max(i for i, c in enumerate(calls) if c == "m 8192")
