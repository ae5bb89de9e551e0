"""The heap's writes to pages its mm alone maps (``Mm.own_heap``, shell/malloc.py
``Heap._write_pages``) are skipped without changing the model: the same script run
with and without the skip leaves the same output and the same kernel object graph
(bench/state_digest.py's digest, the set itself left out), and fewer ``touch`` calls."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import memcgsim
from memcgsim.machine import Kernel

ROOT = Path(__file__).resolve().parents[2]

#: forks (subshells, a comsub, a background job), a cgroup's charge moves and
#: rmdir, as the cover letter's seed loop
LOOP = """mkdir /sys/fs/cgroup/memory/t
for i in 1 2 3 4 5 6; do
    ( echo $BASHPID > /sys/fs/cgroup/memory/t/cgroup.procs; x=$(cat /proc/self/stat); : ) &
    wait
    v=$(cat /sys/fs/cgroup/memory/t/memory.usage_in_bytes)
    echo $i $v
done
rmdir /sys/fs/cgroup/memory/t
"""


def _digest(k: Kernel) -> str:
    spec = importlib.util.spec_from_file_location("state_digest", ROOT / "bench/state_digest.py")
    mod = importlib.util.module_from_spec(spec)     # type: ignore[arg-type]
    spec.loader.exec_module(mod)                    # type: ignore[union-attr]
    return mod.graph_digest(k, frozenset({"own_heap"}))[0]


def _run(script: str, alone: bool, monkeypatch, **kw) -> tuple:
    calls = [0]
    touch = Kernel.touch

    def counted(self, *a):
        calls[0] += 1
        return touch(self, *a)

    kernels: list[Kernel] = []
    with monkeypatch.context() as m:
        m.setattr(Kernel, "keeps_own_heap", alone)
        m.setattr(Kernel, "touch", counted)
        r = memcgsim.run(script, on_kernel=kernels.append, **kw)
    return r.stdout, r.stderr, r.status, _digest(kernels[0]), calls[0]


@pytest.mark.parametrize("script,kw", [
    (LOOP, {"kernel": "5.13", "cgroup": "v1"}),
    # a master whose heap is swapped out under memory.max, then forks twice
    (ROOT / "tests/conformance/scripts/novel-v2-prefork-swapped.sh",
     {"kernel": "6.1", "cgroup": "v2"}),
])
def test_skipped_writes_change_nothing(script, kw, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    text = script.read_text() if isinstance(script, Path) else script
    full = _run(text, False, monkeypatch, **kw)
    skip = _run(text, True, monkeypatch, **kw)
    assert skip[:4] == full[:4]
    assert skip[0]
    assert skip[4] < full[4] * 0.8      # most heap writes find their page alone


def test_own_heap_emptied_by_each_share_or_unmap():
    """``Kernel.touch``'s fast path records the page; a fork, a swap-out entry, an
    unmap and the exit each empty the record (the invariant checker's test holds
    at each step)."""
    from memcgsim.kernel.invariants import check_invariants
    k = Kernel(design="5.13", cgroup="v1", nr_cpus=2)
    t = k.spawn("bash")
    own = t.mm.own_heap

    def alone(pg: int) -> bool:
        own.clear()
        k.touch(t, "[heap]", pg, pg)        # a fault (a first touch or a COW copy)
        k.touch(t, "[heap]", pg, pg)        # nothing to do: recorded
        check_invariants(k)
        return own == {pg}

    assert alone(3)
    c = k.fork(t)
    assert not own                          # dup_mmap: every page shared
    k.touch(t, "[heap]", 4, 4)
    assert 4 not in own                     # shared with the lazy child
    check_invariants(k)
    assert alone(4)                         # copied: its own again
    k.exit(c)
    assert alone(5)
    k.munmap(t, "[heap]", 5, 5)
    assert not own
    c = k.fork(t)
    k.touch(c, "[heap]", 6, 6)              # the child's copy
    k.touch(c, "[heap]", 6, 6)
    mm = c.mm
    assert mm.own_heap == {6}
    k.exit(c)
    assert not mm.own_heap                  # exit_mmap
    assert alone(6)
    t.mm.add_swap(1 << 20, ("[heap]", 7))   # a pte now a swap entry
    assert not own
    assert not alone(8)                     # the fast path waits for no swap entry
