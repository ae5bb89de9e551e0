"""/proc/PID/maps, smaps, smaps_rollup, numa_maps (fs/procmaps.py) against the
kernel's formats (fs/proc/task_mmu.c, the guests' files in
calibration/recordings/proc-files-probe--*) and the model's own counters."""
from __future__ import annotations

import errno

import pytest
from hypothesis import given, settings, strategies as st

from memcgsim import Kernel
from memcgsim.fs import procmaps
from memcgsim.fs.procmaps import BUSYBOX, HEAP_PAGES, PAGE_SIZE, STACK_PAGES
from memcgsim.kernel.fork import get_mm_rss
from memcgsim.shell import run_script

R = "/sys/fs/cgroup"
SMAPS_KEYS = ["Size", "KernelPageSize", "MMUPageSize", "Rss", "Pss", "Shared_Clean",
              "Shared_Dirty", "Private_Clean", "Private_Dirty", "Referenced", "Anonymous",
              "LazyFree", "AnonHugePages", "ShmemPmdMapped", "FilePmdMapped", "Shared_Hugetlb",
              "Private_Hugetlb", "Swap", "SwapPss", "Locked", "THPeligible", "ProtectionKey",
              "VmFlags"]


def _read(k, path, task):
    return k.read(path, task)


def _blocks(text: str) -> list[dict[str, str]]:
    """smaps' blocks: the header line under "", then key -> value."""
    out: list[dict[str, str]] = []
    for line in text.splitlines():
        if "-" in line.split(" ")[0] and len(line.split(" ")[0]) > 16:
            out.append({"": line})
        else:
            key, _, val = line.partition(":")
            out[-1][key] = val
    return out


def _kb(v: str) -> int:
    return int(v.split()[0])


def _setup(design="6.1", userland="busybox"):
    k = Kernel(design=design, cgroup="v2", nr_cpus=2, seed=0, userland=userland)
    sh = k.spawn("bash")
    return k, sh


@pytest.mark.parametrize("design,pss_dirty,dw", [("6.1", True, False), ("5.10", False, True)])
def test_smaps_blocks_in_the_kernels_order(design, pss_dirty, dw):
    """Each area: ``show_map_vma``'s line, then ``__show_smap``'s keys in order
    (Pss_Dirty from v6.0: design ``smaps_pss_dirty``), the binary's VmFlags with
    "dw" before v5.15 (``vm_denywrite``); the sizes the areas' pages."""
    k, sh = _setup(design)
    t = k.fork(sh)
    k.exec(t, "/bin/sleep", ["sleep", "10"])
    blocks = _blocks(_read(k, f"/proc/{t.pid}/smaps", sh))
    keys = SMAPS_KEYS[:5] + (["Pss_Dirty"] if pss_dirty else []) + SMAPS_KEYS[5:]
    assert all(list(b)[1:] == keys for b in blocks)
    areas = procmaps.mm_areas(k, t)
    assert [b[""] for b in blocks] == [procmaps.show_map_vma(a).rstrip("\n") for a in areas]
    assert [_kb(b["Size"]) for b in blocks] == [a.pages * 4 for a in areas]
    # busybox's five parts, .bss, [heap], [stack], [vvar], [vdso]
    assert len(blocks) == 10 and [a.tag for a in areas[-4:]] == ["[heap]", "[stack]", "[vvar]",
                                                               "[vdso]"]
    assert ("dw" in blocks[0]["VmFlags"].split()) == dw
    assert blocks[1]["VmFlags"].split()[:2] == ["rd", "ex"]
    # the name column: seq_pad to 73
    assert blocks[0][""].index(BUSYBOX.path) == 73


def test_rollup_sums_smaps_and_status_lags_by_the_split_counters():
    """smaps_rollup's Rss is the sum of smaps' (one walk of every area); VmRSS is
    the split RSS counters' (``get_mm_rss``), which lag by what the owner's
    cache holds; statm's size and status' VmSize are the areas' pages."""
    k, sh = _setup()
    t = k.fork(sh)
    k.exec(t, "/bin/tail", ["tail"])
    k.alloc_anon(t, 300 * PAGE_SIZE)
    smaps = _blocks(_read(k, f"/proc/{t.pid}/smaps", sh))
    rollup = dict(ln.split(":", 1) for ln in _read(k, f"/proc/{t.pid}/smaps_rollup", sh)
                  .splitlines()[1:])
    total = sum(_kb(b["Rss"]) for b in smaps)
    assert _kb(rollup["Rss"]) == total
    mm = t.mm
    pending = sum(mm.rss_pending) + mm.anon_pending
    assert total == (get_mm_rss(mm) + pending) * 4
    assert _kb(rollup["Anonymous"]) == len(mm.anon) * 4
    status = dict(ln.split(":", 1) for ln in _read(k, f"/proc/{t.pid}/status", sh).splitlines())
    assert _kb(status["VmRSS"]) == get_mm_rss(mm) * 4
    assert _kb(status["VmSize"]) == sum(_kb(b["Size"]) for b in smaps)
    assert _kb(status["VmExe"]) == BUSYBOX.parts[1][2] * 4
    assert _kb(status["VmStk"]) == STACK_PAGES * 4
    assert int(_read(k, f"/proc/{t.pid}/statm", sh).split()[0]) * 4 == _kb(status["VmSize"])
    # the program's own mapping: one anonymous area of its 300 pages
    anon = [b for b in smaps if b[""].endswith(" 0 ") and _kb(b["Rss"]) == 1200]
    assert len(anon) == 1 and _kb(anon[0]["Anonymous"]) == 1200


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["fork", "touch", "exec", "fault", "mmap", "exit"]),
                          st.integers(0, 7), st.integers(1, 700)), max_size=20),
       st.sampled_from(["5.10", "6.1"]), st.sampled_from(["busybox", "gnu"]))
def test_rollup_rss_is_smaps_sum_and_vmrss_plus_the_cache(ops, design, userland):
    """Whatever forks, writes, execs, faults and mmaps happen: each live task's
    smaps_rollup Rss equals the sum of its smaps' Rss, and status' VmRSS plus the
    owner's cached counts (SPLIT_RSS_COUNTING); Pss never exceeds Rss; numa_maps
    counts every resident page but the vdso's."""
    k, sh = _setup(design, userland)
    tasks = [sh]
    for op, n, size in ops:
        live = [t for t in tasks if t.alive and t.mm is not None]
        t = live[n % len(live)]
        if op == "fork":
            tasks.append(k.fork(t))
        elif op == "touch":
            k.touch(t, "[heap]", n, n + size % 40)
        elif op == "exec":
            k.exec(t, "/bin/cat" if n % 2 else "/bin/bash", ["x"])
        elif op == "fault":
            k.alloc_anon(t, size * PAGE_SIZE)
        elif op == "mmap":
            k.mmap_anon(t, f"m{n}", size * PAGE_SIZE)
            k.touch(t, f"m{n}", 0, size - 1)
        elif op == "exit" and t is not sh:
            k.exit(t)
    for t in tasks:
        if not (t.alive and t.mm is not None):
            continue
        smaps = _blocks(_read(k, f"/proc/{t.pid}/smaps", sh))
        rollup = dict(ln.split(":", 1) for ln in
                      _read(k, f"/proc/{t.pid}/smaps_rollup", sh).splitlines()[1:])
        status = dict(ln.split(":", 1) for ln in
                      _read(k, f"/proc/{t.pid}/status", sh).splitlines())
        rss = sum(_kb(b["Rss"]) for b in smaps)
        mm = t.mm
        assert _kb(rollup["Rss"]) == rss
        assert rss == _kb(status["VmRSS"]) + (sum(mm.rss_pending) + mm.anon_pending) * 4
        assert _kb(rollup["Pss"]) <= rss
        assert _kb(rollup["Anonymous"]) == len(mm.anon) * 4
        numa = sum(int(w[3:]) for ln in _read(k, f"/proc/{t.pid}/numa_maps", sh).splitlines()
                   for w in ln.split() if w.startswith("N0="))
        vdso = next(a.vdso for a in procmaps.mm_areas(k, t) if a.tag == "[vdso]")
        assert numa == rss // 4 - vdso


def test_pss_splits_shared_pages_after_a_fork():
    """``smaps_account``: a page two mms map after a fork is Shared_Dirty and
    counts half in each one's Pss; written again (COW), it is private."""
    k, sh = _setup()
    t = k.fork(sh)
    k.exec(t, "/bin/tail", ["tail"])
    k.touch(t, "[heap]", 0, 99)
    c = k.fork(t)
    roll = dict(ln.split(":", 1) for ln in _read(k, f"/proc/{c.pid}/smaps_rollup", sh)
                .splitlines()[1:])
    shared = len(t.mm.anon) * 4
    assert _kb(roll["Anonymous"]) == shared and _kb(roll["Pss_Anon"]) == shared // 2
    k.touch(c, "[heap]", 0, 99)
    roll = dict(ln.split(":", 1) for ln in _read(k, f"/proc/{c.pid}/smaps_rollup", sh)
                .splitlines()[1:])
    assert _kb(roll["Pss_Anon"]) == (shared - 400) // 2 + 400


def test_errors_of_the_per_process_files():
    """The guests' answers (proc-files-probe--*): a write -EINVAL (root opens the
    0444 file, there is no write method); a reaped pid's files -ENOENT at open;
    a file held open across the reap -ESRCH at read; a zombie's maps empty, its
    smaps_rollup -ESRCH."""
    k, sh = _setup()
    t = k.fork(sh)
    k.exec(t, "/bin/sleep", ["sleep", "10"])
    f = k.open(f"/proc/{t.pid}/smaps", "w", sh)
    with pytest.raises(OSError) as e:
        f.write(b"x")
    assert e.value.errno == errno.EINVAL
    held = k.open(f"/proc/{t.pid}/maps", "r", sh)
    k.exit(t)
    assert _read(k, f"/proc/{t.pid}/maps", sh) == ""          # a zombie: no mm
    with pytest.raises(OSError) as e:
        _read(k, f"/proc/{t.pid}/smaps_rollup", sh)
    assert e.value.errno == errno.ESRCH
    k.reap(t)
    with pytest.raises(OSError) as e:
        held.read()
    assert e.value.errno == errno.ESRCH
    with pytest.raises(OSError) as e:
        k.open(f"/proc/{t.pid}/smaps", "r", sh)
    assert e.value.errno == errno.ENOENT


def test_a_sleeps_areas_in_a_script():
    """Through the shell: a busybox sleep's maps are the guests' (busybox's five
    parts at their addresses, .bss, heap, stack, vvar, vdso)."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox")
    r = run_script(k, "sleep 5 & cut -d' ' -f1,2,6- /proc/$!/maps | tr -s ' '\n", "m.sh")
    lines = r.stdout.splitlines()
    assert lines[:2] == ["00400000-00401000 r--p /bin/busybox", "00401000-00585000 r-xp /bin/busybox"]
    heap = lines[6].split()
    s, e = (int(x, 16) for x in heap[0].split("-"))
    assert heap[2] == "[heap]" and (e - s) // PAGE_SIZE == HEAP_PAGES
    assert [ln.split()[-1] for ln in lines[-3:]] == ["[stack]", "[vvar]", "[vdso]"]


def test_a_bash_maps_its_binarys_pages_but_its_counters_hold_474_at_first():
    """An exec'd guest bash maps 489 pages of its binary (calibration/
    bash-text-pages.sh: all but two 64 KiB windows of .text and .rodata's last 42
    pages; smaps area by area), while its RssShmem holds 474 of them: the last
    15 are in its split RSS cache until a later fault syncs it."""
    k, sh = _setup()
    t = k.fork(sh)
    k.exec(t, "/bin/bash", ["bash", "-c", "read x"])
    rss = [_kb(b["Rss"]) // 4 for b in _blocks(_read(k, f"/proc/{t.pid}/smaps", sh))[:5]]
    assert rss == [1, 406, 73, 7, 11]
    assert t.mm.rss == (1, 474) and t.mm.rss_pending == (0, 15)
    t.mm.rss_faults(66)         # the 66th fault since the exec syncs the cache
    assert t.mm.rss == (1, 489) and t.mm.rss_pending == (0, 0)


def test_vmpeak_and_vmhwm_keep_what_an_unmap_found():
    """A freed mmap'd chunk (a big string's: ``munmap``) lowers VmSize and VmRSS;
    VmPeak and VmHWM keep what ``update_hiwater_vm``/``update_hiwater_rss`` found
    before the unmap."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox")
    st_ = "grep -E '^(VmPeak|VmSize|VmHWM|VmRSS):' /proc/$$/status | tr -s '\\t\\n ' '  '; echo\n"
    r = run_script(k, st_ + "x=$(head -c 300000 /dev/zero | tr '\\0' a)\n" + st_
                   + "unset x\n" + st_, "p.sh")
    vals = [[int(v) for v in ln.split()[1::3]] for ln in r.stdout.splitlines()]
    (peak1, size1, _, rss1), (peak2, size2, hwm2, rss2) = vals[1], vals[2]
    assert size1 - size2 >= 292 and rss1 - rss2 >= 292        # the chunk's 75 pages gone
    assert peak2 == max(peak1, size1) and hwm2 >= rss1
