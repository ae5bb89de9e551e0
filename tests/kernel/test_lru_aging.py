"""The file LRU's aging and the workingset counters of memory.stat (kernel/filemap.py
``mark_page_accessed``, kernel/vmscan.py ``shrink_active_list``, kernel/workingset.py
``workingset_refault``): a second read activates, reclaim deactivates while the
inactive list is low, refaults count on the reader's memcg."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.shell import run_script

V2 = "/sys/fs/cgroup"
W = "/mnt/disk/work"
MB = 1 << 20


def _kernel(design: str) -> Kernel:
    k = Kernel(design=design, cgroup="v2", init="busybox", debug=True)
    k.write(V2 + "/cgroup.subtree_control", "+memory", k.init)
    k.mkdir(f"{V2}/g", k.init)
    return k


def _stat(k, name: str = "g") -> dict[str, int]:
    text = k.read(f"{V2}/{name}/memory.stat", k.init)
    return {a: int(b) for a, b in (line.split() for line in text.splitlines())}


def _run(k, script: str) -> str:
    r = run_script(k, script, "t.sh")
    assert not r.stderr, r.stderr
    return r.stdout


def test_second_read_activates():
    """(6.1: its flushed stats are exact; 5.10's per-CPU batches lag by a few pages)"""
    k = _kernel("6.1")
    _run(k, f"head -c {4 * MB} /dev/zero > {W}/f; sync; echo 3 > /proc/sys/vm/drop_caches")
    _run(k, f"echo $$ > {V2}/g/cgroup.procs; cat {W}/f > /dev/null; echo $$ > {V2}/cgroup.procs")
    k.memcg.flush_stats()
    s = _stat(k)
    assert (s["inactive_file"], s["active_file"], s["pgactivate"]) == (4 * MB, 0, 0)
    _run(k, f"cat {W}/f > /dev/null")          # from the root: the pages stay g's
    s = _stat(k)
    assert (s["inactive_file"], s["active_file"], s["pgactivate"]) == (0, 4 * MB, 1024)


def test_referenced_bits_set_cleared_and_freed():
    """PG_referenced, a byte a pfn in the page cache's columns (``PageMapping.referenced``):
    a first read sets the bits of the pages it copies, a second clears them as it
    activates the pages, truncation (rm) and a freed shmem page leave none set (the
    metadata pages', which each buffer lookup sets, left out)."""
    k = _kernel("6.1")
    fm = k.filemap
    assert fm.referenced is fm.pages.referenced
    ref = fm.referenced

    def data_bits() -> int:
        return sum(ref[p] for p in fm.pages.pfns() if not fm.pages.get(p).bdev)

    _run(k, f"head -c {4 * MB} /dev/zero > {W}/f; sync; echo 3 > /proc/sys/vm/drop_caches")
    assert data_bits() == 0 and len(ref) == len(fm.pages.mapping)
    _run(k, f"cat {W}/f > /dev/null")
    assert data_bits() == 1024
    _run(k, f"cat {W}/f > /dev/null")
    assert data_bits() == 0
    _run(k, f"head -c {MB} /dev/zero > {W}/h; sync; echo 3 > /proc/sys/vm/drop_caches; "
            f"cat {W}/h > /dev/null")
    assert data_bits() == 256
    _run(k, f"rm {W}/h")
    assert data_bits() == 0 and len(ref) == len(fm.pages.mapping)
    _run(k, f"head -c {MB} /dev/zero > /tmp/s")     # SGP_WRITE: born referenced
    assert data_bits() == 256
    _run(k, "rm /tmp/s")
    assert data_bits() == 0


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_reclaim_deactivates_and_refaults(design):
    k = _kernel(design)
    _run(k, f"head -c {4 * MB} /dev/zero > {W}/hot; head -c {8 * MB} /dev/zero > {W}/big; "
            "sync; echo 3 > /proc/sys/vm/drop_caches")
    k.write(f"{V2}/g/memory.max", str(6 * MB), k.init)
    _run(k, f"echo $$ > {V2}/g/cgroup.procs; cat {W}/hot {W}/hot > /dev/null; "
            f"cat {W}/big {W}/big > /dev/null; echo $$ > {V2}/cgroup.procs")
    k.memcg.flush_stats()
    s = _stat(k)
    # the hot file was active (1024 pages; 5.10's per-CPU batches may hold back up
    # to MEMCG_CHARGE_BATCH of a count); reclaim took the inactive list first and
    # aged the active one down to the inactive one's size (inactive_ratio 1)
    assert 1024 - 32 <= s["pgactivate"] <= 1024
    assert 0 < s["pgdeactivate"] < 1024 and abs(s["pgdeactivate"] - s["pgrefill"]) <= 32
    assert s["active_file"] <= s["inactive_file"] + 32 * 4096
    # every page of big read twice through a 6 MiB limit: the second pass refaults
    # what the first evicted (none activated: no workingset yet beyond the hot file)
    assert s["pgscan"] >= s["pgsteal"] > 2048
    assert 1024 < s["workingset_refault_file"] <= 2048 + 1024
    if design == "6.1":
        assert (s["pgscan_direct"], s["pgsteal_direct"]) == (s["pgscan"], s["pgsteal"])
        assert s["pgscan_kswapd"] == s["pgsteal_kswapd"] == 0


def test_refault_from_removed_cgroup_not_counted():
    """``workingset_refault``: the eviction's memcg ID is gone once it is offline
    (``mem_cgroup_from_id`` NULL): the refault is not counted."""
    k = _kernel("6.1")
    k.mkdir(f"{V2}/h", k.init)
    _run(k, f"head -c {8 * MB} /dev/zero > {W}/big; sync; echo 3 > /proc/sys/vm/drop_caches")
    k.write(f"{V2}/g/memory.max", str(4 * MB), k.init)
    _run(k, f"(echo $BASHPID > {V2}/g/cgroup.procs; cat {W}/big > /dev/null)")
    k.rmdir(f"{V2}/g", k.init)
    _run(k, f"(echo $BASHPID > {V2}/h/cgroup.procs; cat {W}/big > /dev/null)")
    assert _stat(k, "h")["workingset_refault_file"] == 0


def test_read_write_redirection_creates():
    """bash's ``<>`` opens O_RDWR|O_CREAT (redir.c ``r_input_output``)."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", debug=True)
    r = run_script(k, "exec 3<> /tmp/new; echo hi >&3; cat /tmp/new; exec 3<> /nodir/x", "t.sh")
    assert r.stdout == "hi\n"
    assert r.stderr == "t.sh: line 1: /nodir/x: No such file or directory\n"
