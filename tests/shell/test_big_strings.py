"""bash's big strings in glibc's arena: ``printf -v``, a compound array assignment's
word, a copy, ``${#x}``, ``${x:0:10}``, ``unset``, a 1 MB ``$(...)``
(shell/bashmem.py ``ArrayWord``, ``bind_array_element``, ``operand_copies``), against
bash 5.2.15's own calls (calibration/malloc-trace/big-strings.sh, recorded by
calibration/bash-malloc-trace.sh)."""
import gzip
from pathlib import Path

import memcgsim
from memcgsim.shell import malloc

from test_malloc import REC, replay

NAME = "bash-malloc--big-strings.txt.gz"
SCRIPT = Path(__file__).resolve().parents[2] / "calibration" / "malloc-trace" / "big-strings.sh"
#: the calls compared: those of 4096 bytes or more (bash's start-up buffers of
#: 4096 and 8192 bytes, which the model's start-up arena stands for, come before
#: the script's first command)
BIG = 4096


def traced_calls() -> list[str]:
    """The recording's calls of BIG bytes or more from the first ``printf -v`` on:
    ``m SIZE``, ``f``, ``r SIZE`` (a realloc to SIZE)."""
    out, live = [], {}
    with gzip.open(REC / NAME, "rt") as f:
        for line in f:
            t = line.split()
            if t[0] == "#":
                continue
            if t[0] in "mc":
                live[t[2]] = int(t[1])
                if int(t[1]) >= BIG:
                    out.append(f"m {t[1]}")
            elif t[0] == "f":
                if live.pop(t[1], 0) >= BIG:
                    out.append("f")
            else:
                live.pop(t[1], None)
                live[t[3]] = int(t[2])
                if int(t[2]) >= BIG:
                    out.append(f"r {t[2]}")
    return out[out.index("r 1048640"):]


def model_calls(monkeypatch) -> list[str]:
    """The same calls of the model's script bash running the same script."""
    out, big, pid = [], {}, []
    om, of, orr = malloc.Heap.malloc, malloc.Heap.free, malloc.Heap.realloc

    def mine(h) -> bool:
        if not pid:
            pid.append(h.task.pid)
        return h.task.pid == pid[0]

    def m(self, n, written=None):
        c = om(self, n, written)
        if n >= BIG and mine(self):
            big[c] = n
            out.append(f"m {n}")
        return c

    def f(self, c):
        if c in big and mine(self):
            big.pop(c)
            out.append("f")
        return of(self, c)

    def r(self, c, n, written=None, kept=0):
        big.pop(c, None)
        c2 = orr(self, c, n, written, kept)
        if n >= BIG and mine(self):
            big[c2] = n
            out.append(f"r {n}")
        return c2

    monkeypatch.setattr(malloc.Heap, "malloc", m)
    monkeypatch.setattr(malloc.Heap, "free", f)
    monkeypatch.setattr(malloc.Heap, "realloc", r)
    memcgsim.run(SCRIPT, kernel="6.1", cgroup="v2", init="busybox", userland="busybox")
    return out


def without_comsub_steps(calls: list[str]) -> list[str]:
    """The calls less ``read_comsub``'s reallocs by 512 bytes below its last one:
    bash makes one a step, the model one a step only while the buffer must move
    (bashmem.py ``ComsubBuf.grow``: the same chunks)."""
    return [c for c in calls if not c.startswith("r ") or int(c[2:]) % 512
            or int(c[2:]) > 1000000]


def test_every_big_chunk_where_glibc_put_it():
    """The trace replayed through shell/malloc.py's arena: every chunk at glibc's
    offset (the mmap'd ones beyond the heap), the heap's end as the kernel had it
    after the last step (1844 pages: the thresholds raised by the first munmaps put
    every later 1 and 2 MiB request in the heap)."""
    wrong, h, heaps = replay(NAME)
    assert wrong == 0
    assert h.brk // 4096 == heaps[-1] == 1844
    assert h.mmap_threshold == 2101248 and h.trim_threshold == 2 * 2101248


def test_the_model_bash_makes_the_big_calls_bash_makes(monkeypatch):
    """From the first ``printf -v`` to the end, the model's script bash makes the
    calls of 4096 bytes or more that bash 5.2.15 made, in its order: ``printf -v``'s
    buffer and the variable's copy; a compound assignment word's quoted copy,
    ``istring``s, string, dequoted and requoted copies, the element's two copies;
    an assignment's copies; the substring's two operand copies; ``read_comsub``'s
    buffer grown 512 bytes at a time and its copies."""
    want = traced_calls()
    got = model_calls(monkeypatch)
    assert without_comsub_steps(got) == without_comsub_steps(want)
    assert got.count("m 2097153") == want.count("m 2097153") == 33
    assert got.count("m 1048577") == want.count("m 1048577")
