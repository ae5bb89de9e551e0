"""Page faults counted in memory.stat ``pgfault`` (kernel/mmap.py
``count_minor_faults``, kernel/fork.py ``ProgramImage.minflt``) and the LRU list a
faulted anon page joins (designs.py ``anon_fault_active``)."""
import pytest

from memcgsim import Kernel
from memcgsim.designs import get_design
from memcgsim.kernel.fork import BASH_IMAGE, FORKED_BASH_FAULTS, PROGRAM_IMAGES
from memcgsim.kernel.invariants import check_invariants
from memcgsim.kernel.vmstat import PAGE_SIZE


def setup(design, cgroup):
    k = Kernel(design=design, cgroup=cgroup, nr_cpus=1, seed=0)
    root = "/sys/fs/cgroup" if cgroup == "v2" else "/sys/fs/cgroup/memory"
    sh = k.spawn("bash")
    k.mkdir(root + "/a", sh)
    k.write(root + "/a/cgroup.procs", str(sh.pid), sh)
    return k, sh, root + "/a"


def stat(k, sh, path):
    text = k.read(path + "/memory.stat", sh)
    return {key: int(v) for key, v in (line.split() for line in text.splitlines())}


@pytest.mark.parametrize("prog", ["sleep", "stat", "dd", "bash"])
def test_exec_counts_the_programs_faults_and_charges_only_its_anon_pages(prog):
    k, sh, a = setup("6.1", "v2")
    child = k.fork(sh)
    before = stat(k, sh, a)
    k.exec(child, "/bin/" + prog, [prog])
    after = stat(k, sh, a)
    image = PROGRAM_IMAGES[prog]
    # the forked bash's faults before its execve, then the program's
    assert after["pgfault"] - before["pgfault"] == FORKED_BASH_FAULTS + image.minflt
    assert after["anon"] - before["anon"] == image.anon_pages * PAGE_SIZE
    check_invariants(k)


def test_an_exec_in_place_counts_only_the_programs_faults():
    """A process that exec'd already (PF_FORKNOEXEC clear: ``env``'s or ``exec``'s
    execvp) ran no forked bash's code before its next execve."""
    k, sh, a = setup("6.1", "v2")
    child = k.fork(sh)
    k.exec(child, "/bin/stat", ["stat"])
    before = stat(k, sh, a)["pgfault"]
    k.exec(child, "/bin/sleep", ["sleep"])
    assert stat(k, sh, a)["pgfault"] - before == PROGRAM_IMAGES["sleep"].minflt == 41


def test_a_program_without_a_calibration_faults_like_a_median_applet():
    k, sh, a = setup("6.1", "v2")
    child = k.fork(sh)
    before = stat(k, sh, a)["pgfault"]
    k.exec(child, "/bin/some-tool", ["some-tool"])
    measured = sorted(PROGRAM_IMAGES[p].minflt for p in ("sleep", "stat", "grep", "cat", "dd"))
    assert stat(k, sh, a)["pgfault"] - before == FORKED_BASH_FAULTS + measured[len(measured) // 2]


@pytest.mark.parametrize("design,cgroup,lru", [("6.1", "v2", "inactive_anon"),
                                               ("5.10", "v2", "inactive_anon"),
                                               ("3.10-rhel7", "v1", "active_anon")])
def test_faulted_anon_pages_join_the_designs_lru_list(design, cgroup, lru):
    assert get_design(design).anon_fault_active == (lru == "active_anon")
    k, sh, a = setup(design, cgroup)
    child = k.fork(sh)
    k.exec(child, "/bin/bash", ["bash"])
    other = "active_anon" if lru == "inactive_anon" else "inactive_anon"
    m = k.memory_root.cgrp.children["a"].subsys["memory"]
    assert len(m.lru_anon) == BASH_IMAGE.anon_pages
    # the per-CPU stat batches (5.10's and 3.10's 32 pages) may hold some back
    s = stat(k, sh, a)
    assert s[lru] >= (BASH_IMAGE.anon_pages - 32) * PAGE_SIZE > 0 and s[other] == 0
    check_invariants(k)


def test_a_tasks_faults_and_its_reaped_childrens_are_counted_apart():
    """``min_flt`` counts the faults a task takes itself (``mm_account_fault`` in
    ``current``), kept across its execve; a fork starts at 0 (``copy_process``);
    ``wait_task_zombie`` adds a reaped child's ``min_flt`` and ``cmin_flt`` to its
    reaper's ``cmin_flt``, so a grandchild's faults reach the shell through its
    parent. memory.stat's pgfault is the sum of every fault, whoever took it."""
    k, sh, a = setup("6.1", "v2")
    before = stat(k, sh, a)["pgfault"]
    own = sh.min_flt
    child = k.fork(sh)
    assert (child.min_flt, child.cmin_flt) == (0, 0)
    k.exec(child, "/bin/bash", ["bash"])
    exec_faults = child.min_flt
    assert exec_faults == FORKED_BASH_FAULTS + PROGRAM_IMAGES["bash"].minflt
    grandchild = k.fork(child)
    k.exec(grandchild, "/bin/sleep", ["sleep"])
    # kept across execve: the forked bash's faults and the program's
    assert grandchild.min_flt == FORKED_BASH_FAULTS + PROGRAM_IMAGES["sleep"].minflt
    assert child.min_flt == exec_faults and child.cmin_flt == 0
    k.exit(grandchild)
    k.reap(grandchild)
    assert child.cmin_flt == grandchild.min_flt and sh.cmin_flt == 0
    k.exit(child)
    k.reap(child)
    assert sh.cmin_flt == child.min_flt + grandchild.min_flt
    assert stat(k, sh, a)["pgfault"] - before == sh.min_flt - own + sh.cmin_flt
    f = k.read(f"/proc/{sh.pid}/stat", sh).split()
    assert f[9:13] == [str(sh.min_flt), str(sh.cmin_flt), "0", "0"]


def test_faults_fold_one_by_one_in_5_10s_per_cpu_batch():
    """5.10's ``__count_memcg_events`` folds a CPU's PGFAULT delta into the
    counter memory.stat reads when the delta passes MEMCG_CHARGE_BATCH (32), once a
    fault (``count_memcg_event_mm``): 40 faults in a run read 33 (the fold at the
    33rd), 7 left pending; on another CPU they fold on their own."""
    k = Kernel(design="5.10", cgroup="v1", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    a = "/sys/fs/cgroup/memory/a"
    k.mkdir(a, sh)
    k.write(a + "/cgroup.procs", str(sh.pid), sh)
    before = stat(k, sh, a)["pgfault"]
    k.mmap.count_minor_faults(sh, 40)
    assert stat(k, sh, a)["pgfault"] - before == 33
    child = k.fork(sh)
    child.cpu = 1 - sh.cpu
    k.mmap.count_minor_faults(child, 32)
    assert stat(k, sh, a)["pgfault"] - before == 33
    k.mmap.count_minor_faults(child, 1)
    assert stat(k, sh, a)["pgfault"] - before == 66


def test_anon_faults_fold_page_by_page_on_5_10():
    """5.10: every anonymous fault updates NR_ANON_MAPPED by one page on the
    faulting CPU (``do_anonymous_page`` → ``page_add_new_anon_rmap``; PGPGIN by
    ``mem_cgroup_charge_statistics``), so the per-CPU delta folds at the 33rd page
    (past MEMCG_CHARGE_BATCH) and memory.stat shows whole folds: 40 pages faulted in
    one run read 33, not 40; 6.1's rstat reads all 40."""
    for design, anon in (("5.10", 33), ("6.1", 40)):
        k = Kernel(design=design, cgroup="v2", nr_cpus=2, seed=0)
        sh = k.spawn("bash")
        k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", sh)
        k.mkdir("/sys/fs/cgroup/g", sh)
        t = k.fork(sh)
        k.write("/sys/fs/cgroup/g/cgroup.procs", str(t.pid), sh)
        k.mmap_anon(t, "buf", 40 * 4096)
        base = _anon(k, sh)
        k.touch(t, "buf", 0, 39)
        assert _anon(k, sh) - base == anon * 4096


def _anon(k, sh) -> int:
    """memory.stat anon of /g."""
    for line in k.read("/sys/fs/cgroup/g/memory.stat", sh).splitlines():
        if line.startswith("anon "):
            return int(line.split()[1])
    raise AssertionError("no anon line")



def _rss(k, sh, t) -> int:
    """``t``'s pages in its page table (/proc/PID/smaps_rollup Rss), not the
    counters' lagging sum."""
    line = next(x for x in k.read(f"/proc/{t.pid}/smaps_rollup", sh).splitlines() if x.startswith("Rss:"))
    return int(line.split()[1]) // 4


def test_a_tasks_peak_rss_is_kept_at_exec_and_exit_and_its_reaped_childrens_largest():
    """``signal->maxrss`` takes each mm a task leaves (``exec_mmap``, ``do_exit``:
    ``setmax_mm_hiwater_rss`` after ``sync_mm_rss``: every page mapped then); a
    reaper's ``cmaxrss`` is the largest of its reaped children's
    (``wait_task_zombie``: a max, not a sum), a grandchild's reaching the shell
    through its parent."""
    k, sh, a = setup("6.1", "v2")
    sh.rusage = True        # as ``time`` asks (Task.rusage): its descendants' peaks kept
    child = k.fork(sh)
    assert (child.maxrss, child.cmaxrss, child.rusage) == (0, 0, True)
    forked = _rss(k, sh, child)
    k.exec(child, "/bin/bash", ["bash"])
    assert child.maxrss == forked > 0           # the forked copy's, at exec_mmap
    k.alloc_anon(child, 100 * PAGE_SIZE)
    running = _rss(k, sh, child)
    assert running >= forked + 100
    grandchild = k.fork(child)
    k.exec(grandchild, "/bin/sleep", ["sleep"])
    small = _rss(k, sh, grandchild)
    k.exit(grandchild)
    k.reap(grandchild)
    assert grandchild.maxrss >= small > 0 and child.cmaxrss == grandchild.maxrss
    k.exit(child)
    k.reap(child)
    assert child.maxrss == running
    assert sh.cmaxrss == max(child.maxrss, grandchild.maxrss) == child.maxrss
    assert sh.cmaxrss < child.maxrss + grandchild.maxrss
