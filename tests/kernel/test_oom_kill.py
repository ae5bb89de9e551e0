"""The global OOM killer (kernel/oom_kill.py) and the page allocator's slow path
that calls it (kernel/vmscan.py ``alloc_pages_slowpath``): docs/fidelity.md item 70."""
from memcgsim import Kernel
from memcgsim.kernel.memcontrol import MAX_RECLAIM_RETRIES
from memcgsim.kernel.oom_kill import ABORT, oom_badness, select_bad_process
from memcgsim.shell import run_script


def _vmstat(k):
    return {n: int(v) for n, v in (l.split() for l in k.read("/proc/vmstat", k.init).splitlines())}


FILL = """
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/job
( echo $BASHPID > $C/job/cgroup.procs; head -c 200M /dev/zero | tail > /dev/null )
echo "status $?"
"""


def test_anon_past_the_ram_is_oom_killed():
    """A 128 MiB host: tail holds its input past what reclaim can free; the slow
    path's retries end in ``out_of_memory``, which kills tail (the most pages):
    137 for the subshell, OOM_KILL in /proc/vmstat and MEMCG_OOM_KILL (not
    MEMCG_OOM: no memcg limit was hit) in the job's memory.events; its pages are
    freed, the node is above min again."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", mem="128M")
    res = run_script(k, FILL, "t.sh")
    assert "status 137" in res.stdout
    assert _vmstat(k)["oom_kill"] == 1
    ev = dict(l.split() for l in k.read("/sys/fs/cgroup/job/memory.events", k.init).splitlines())
    assert (ev["oom"], ev["oom_kill"]) == ("0", "1")
    log = "\n".join(k.log.lines)
    assert "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0," \
           "global_oom,task_memcg=/job,task=tail," in log
    assert "Out of memory: Killed process" in log and "(tail) total-vm:" in log
    assert k.vmscan.nr_free_pages() > k.hostmem.wmark("high")


def test_oom_score_adj_chooses_and_exempts():
    """``oom_badness`` adds oom_score_adj thousandths of totalram: a sleeper at
    1000 goes first though tail holds more pages; killing it frees too little, so
    the allocation comes back to the OOM killer, which takes tail; a task at
    OOM_SCORE_ADJ_MIN (-1000) is never chosen."""
    k = Kernel(design="5.10", cgroup="v2", init="busybox", mem="128M")
    res = run_script(k, """
sleep 100 & s=$!
echo 1000 > /proc/$s/oom_score_adj
sleep 100 & t=$!
echo -1000 > /proc/$t/oom_score_adj
head -c 200M /dev/zero | tail > /dev/null
echo "status $?"
kill -0 $s 2>/dev/null || echo "sleeper 1000 gone"
kill -0 $t && echo "sleeper -1000 lives"
kill $t
""", "t.sh")
    assert res.stdout.splitlines() == ["status 137", "sleeper 1000 gone", "sleeper -1000 lives"]
    killed = [l for l in "\n".join(k.log.lines).splitlines() if "Out of memory: Killed" in l]
    assert [l.split("(")[1].split(")")[0] for l in killed] == ["sleep", "tail"]
    assert killed[0].endswith("oom_score_adj:1000")
    assert _vmstat(k)["oom_kill"] == 2


def test_badness_and_selection_follow_the_source():
    """``oom_badness``: rss + swap entries + page-table pages + adj * (totalpages /
    1000); init, kernel threads and OOM_SCORE_ADJ_MIN are out; on a tie the later
    task wins (``points < chosen_points`` is skipped); a live victim aborts."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox")
    run_script(k, "sleep 100 & sleep 100 &", "t.sh")
    sleeps = [t for t in k.tasks.values() if t.comm == "sleep" and t.alive]
    assert len(sleeps) == 2
    a, b = sleeps
    from memcgsim.kernel.fork import get_mm_rss, mm_pgtables_pages
    # get_mm_rss: the counters, without the task's split RSS cache (1 of 13 anon pages)
    assert get_mm_rss(a.mm) == len(a.mm.anon) - a.mm.anon_pending == 1
    base = get_mm_rss(a.mm) + mm_pgtables_pages(a.mm)
    assert oom_badness(k, a, 100_000) == base
    a.oom_score_adj = 500
    assert oom_badness(k, a, 100_000) == base + 500 * 100
    a.oom_score_adj = -1000
    assert oom_badness(k, a, 100_000) is None
    assert oom_badness(k, k.tasks[1], 100_000) is None
    a.oom_score_adj = b.oom_score_adj = 1000          # above every other task
    assert oom_badness(k, a, 100_000) == oom_badness(k, b, 100_000)
    assert select_bad_process(k, 100_000) is b         # the later of a tie
    b.oom_score_adj = 999
    assert select_bad_process(k, 100_000) is a
    b.oom_victim = True
    assert select_bad_process(k, 100_000) is ABORT


def test_should_reclaim_retry_stops_without_progress_or_room():
    """``should_reclaim_retry``: no after MAX_RECLAIM_RETRIES rounds without
    progress; yes while free + reclaimable pages pass the min watermark."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", mem="128M")
    run_script(k, "truncate -s 16M f; cat f > /dev/null", "t.sh")
    vm = k.vmscan
    assert vm.should_reclaim_retry(0, MAX_RECLAIM_RETRIES)
    assert not vm.should_reclaim_retry(0, MAX_RECLAIM_RETRIES + 1)
    assert vm.should_reclaim_retry(32, 0)


def test_no_progress_with_dirty_pages_waits_before_v5_16():
    """``should_reclaim_retry`` before Linux commit 132b0d21d21f (v5.16): a round
    without progress whose reclaimable pages are more than half dirty sleeps
    ``congestion_wait(BLK_RW_ASYNC, HZ/10)`` (design switch
    ``slowpath_write_pending_wait``); 6.1 retries at once. The dirty limits are
    raised to 128 MiB and 64 MiB, so that no background writeback cleans them
    (docs/fidelity.md item 75)."""
    from memcgsim.kernel.vmscan import CONGESTION_WAIT_NS
    waited = {}
    for design in ("5.10", "6.1"):
        k = Kernel(design=design, cgroup="v2", init="busybox", mem="128M")
        run_script(k, "echo 134217728 > /proc/sys/vm/dirty_bytes\n"
                      "echo 67108864 > /proc/sys/vm/dirty_background_bytes\n"
                      "dd if=/dev/zero of=f bs=1M count=8 2>/dev/null", "t.sh")
        assert k.writeback.nr_dirty_pages() == 8 * 256
        now = k.clock.now_ns
        assert k.vmscan.should_reclaim_retry(0, 1)
        waited[design] = k.clock.now_ns - now
    assert waited == {"5.10": CONGESTION_WAIT_NS, "6.1": 0}


def test_a_memcg_oom_tie_kills_the_later_task():
    """``oom_evaluate_task`` skips only ``points < chosen_points``: of two tasks
    of equal badness the later one in ``css_task_iter``'s order (the later to
    join) is killed (mm/oom_kill.c, v5.10 and v6.1)."""
    k = Kernel(design="6.1", cgroup="v2")
    sh = k.spawn("bash")
    k.mkdir("/sys/fs/cgroup/c", sh)
    a, b, hog = (k.fork(sh, "sleep") for _ in range(3))
    for t in (a, b, hog):
        k.write("/sys/fs/cgroup/c/cgroup.procs", str(t.pid), sh)
    k.write(f"/proc/{hog.pid}/oom_score_adj", "-1000", sh)
    k.alloc_anon(a, 192 * 4096)
    k.alloc_anon(b, 192 * 4096)
    assert len(a.mm.anon) == len(b.mm.anon)
    k.write("/sys/fs/cgroup/c/memory.max", k.read("/sys/fs/cgroup/c/memory.current", sh), sh)
    k.alloc_anon(hog, 150 * 4096)
    assert (a.alive, b.alive, hog.alive) == (True, False, True)
    assert "oom_kill 1" in k.read("/sys/fs/cgroup/c/memory.events", sh)


def test_oom_kill_allocating_task_kills_the_allocator():
    """vm.oom_kill_allocating_task (mm/oom_kill.c ``out_of_memory``, v5.10 and
    v6.1): the global OOM killer kills the task whose allocation failed, not the
    one with the most pages, with its own message; a sleeper of a bigger score
    (oom_score_adj 1000) survives. Not a number -EINVAL; any int is taken."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", mem="128M")
    res = run_script(k, """
echo x > /proc/sys/vm/oom_kill_allocating_task || echo "x refused"
echo 1 > /proc/sys/vm/oom_kill_allocating_task
cat /proc/sys/vm/oom_kill_allocating_task
sleep 100 & s=$!
echo 1000 > /proc/$s/oom_score_adj
head -c 200M /dev/zero | tail > /dev/null
echo "status $?"
kill -0 $s && echo "sleeper lives"
kill $s
""", "t.sh")
    out = res.stdout.splitlines()
    assert out[:2] == ["x refused", "1"] and out[-1] == "sleeper lives"
    killed = [l for l in k.log.lines if "Killed process" in l]
    assert len(killed) == 1 and "Out of memory (oom_kill_allocating_task): Killed process" in killed[0]
    assert "(sleep)" not in killed[0]


def test_victim_rss_by_kind_counts_the_binary_pages_its_mm_counters_hold():
    """``get_mm_rss`` (oom_badness, the kill line's anon-rss/file-rss/shmem-rss,
    /proc/PID/status): a busybox applet's text (the initramfs' shmem pages it maps,
    and one file page) waits in the task's split RSS cache until its faults pass
    TASK_RSS_EVENTS_THRESH: a sleeping ``sleep`` shows none, tail filling anon shows
    RssShmem 1344 kB and RssFile 4 kB (calibration/recordings/program-rss--*-v2.txt;
    global-oom-killer's victim on 6.1: file-rss:4kB, shmem-rss:1344kB); an exec'd
    static bash 1896 kB synced at its first block, a subshell forked from it the
    36 kB of its .data that ``copy_page_range`` counts in the child's mm."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox", mem="128M")
    run_script(k, "sleep 100 & bash -c 'sleep 100; :' & ( sleep 100; : ) &", "t.sh")
    status = {}
    for t in k.tasks.values():
        if t.alive and t.mm is not None and t.pid != 1:
            st = dict(l.split(":\t") for l in k.read(f"/proc/{t.pid}/status", k.init).splitlines())
            status.setdefault(t.comm, []).append((st["RssFile"].split()[0], st["RssShmem"].split()[0]))
    assert ("0", "0") in status["sleep"]
    assert ("4", "1896") in status["bash"] and ("0", "36") in status["bash"]
    from memcgsim.kernel.fork import get_mm_rss, mm_pgtables_pages
    sub = next(t for t in k.tasks.values() if t.alive and t.comm == "bash" and t.mm.rss == (0, 9))
    assert oom_badness(k, sub, 100_000) == get_mm_rss(sub.mm) + mm_pgtables_pages(sub.mm)
    # the anon pages its counters hold: those faulted less the split cache's
    assert get_mm_rss(sub.mm) == len(sub.mm.anon) - sub.mm.anon_pending + 9
    run_script(k, FILL, "t.sh")
    line = next(l for l in k.log.lines if "Killed process" in l and "(tail)" in l)
    assert "file-rss:4kB, shmem-rss:1344kB," in line


def test_panic_on_oom_takes_0_to_2_and_logs_the_panic():
    """vm.panic_on_oom: ``proc_dointvec_minmax`` 0..2, else (or not a number)
    EINVAL, the old value kept; 1 panics at a global OOM only, 2 at a memcg's too
    (``check_panic_on_oom``): the model logs the panic's line and goes on."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", mem="128M")
    r = run_script(k, """
f=/proc/sys/vm/panic_on_oom
cat $f; echo 3 > $f; echo "3: $?"; echo -1 > $f; echo "-1: $?"; echo x > $f; echo "x: $?"
echo 2 > $f; echo "2: $?"; cat $f; echo 1 > $f
mkdir /sys/fs/cgroup/m; echo +memory > /sys/fs/cgroup/cgroup.subtree_control
echo 1M > /sys/fs/cgroup/m/memory.max
( echo $BASHPID > /sys/fs/cgroup/m/cgroup.procs; head -c 4M /dev/zero | tail > /dev/null )
""", "t.sh")
    assert r.stdout.splitlines()[:6] == ["0", "3: 1", "-1: 1", "x: 1", "2: 0", "2"]
    assert "Invalid argument" in r.stderr
    ev = dict(l.split() for l in k.read("/sys/fs/cgroup/m/memory.events", k.init).splitlines())
    assert ev["oom_kill"] == "1"
    assert not any("panic_on_oom" in l for l in k.log.lines)     # 1: a memcg OOM goes on
    run_script(k, FILL, "t.sh")
    assert any("Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled"
               in l for l in k.log.lines)


def test_anon_rss_is_what_the_split_counters_synced():
    """MM_ANONPAGES under SPLIT_RSS_COUNTING (v5.10, v6.1): an exec's argument
    pages are counted straight in the new mm (``get_arg_page`` runs in the old
    mm's context), the program's own faults in its ``task->rss_stat`` until a
    ``sync_mm_rss``. calibration/recordings/program-anon--*-v2.txt: a sleeping
    busybox sleep, cat, ``tail -f`` and busybox ``sh -c`` show RssAnon 4 kB (their
    smaps_rollup 48-60 kB), a 20,000-byte argument 20 kB, ``bash -c`` 104-108 kB
    (smaps 156-160), a forked subshell what its parent had at the fork (the copy
    is counted straight: RssAnon = smaps)."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox")
    big = "0" * 20000
    run_script(k, f"sleep 100 & cat /dev/zero {big} > /dev/null & bash -c 'sleep 100; :' &"
               " ( sleep 100; : ) &", "t.sh")

    def rss_anon(t) -> int:
        st = dict(l.split(":\t") for l in k.read(f"/proc/{t.pid}/status", k.init).splitlines())
        return int(st["RssAnon"].split()[0])
    live = [t for t in k.tasks.values() if t.alive and t.mm is not None and t.pid != 1]
    sleeps = [t for t in live if t.comm == "sleep"]
    assert {rss_anon(t) for t in sleeps} == {4}
    assert all(len(t.mm.anon) * 4 > 40 for t in sleeps)
    cat = next(t for t in live if t.comm == "cat")
    assert rss_anon(cat) == 20 and cat.mm.anon_pending == len(cat.mm.anon) - 5
    bashes = [t for t in live if t.comm == "bash" and t.mm.rss == (1, 474)]
    assert [rss_anon(t) for t in bashes] == [108]
    sub = next(t for t in live if t.comm == "bash" and t.mm.rss == (0, 9))
    assert sub.mm.anon_pending == 0 and rss_anon(sub) == len(sub.mm.anon) * 4


def test_split_rss_syncs_every_66th_fault():
    """``check_sync_rss_stat``: the fault that finds ``events++ > 64`` syncs the
    counts of the 65 before it; its own page stays cached."""
    from memcgsim.kernel.fork import Mm
    mm = Mm(None)
    mm.rss_pending = (1, 300)
    mm.rss_faults(65, 65)
    assert (mm.anon_pending, mm.rss, mm.rss_events) == (65, (0, 0), 65)
    mm.rss_faults(1, 1)
    assert (mm.anon_pending, mm.rss, mm.rss_pending, mm.rss_events) == (1, (1, 300), (0, 0), 0)
    mm.rss_faults(200, 0)           # COW copies: no anon count; syncs at 66, 132, 198
    assert (mm.anon_pending, mm.rss_events) == (0, 200 - 198)


def test_an_unmap_by_the_owner_syncs_its_split_rss():
    """``zap_pte_range``'s ``add_mm_rss_vec`` runs ``sync_mm_rss`` when the unmap is
    the mm owner's own (``current->mm == mm``): glibc lowering bash's ``brk`` syncs
    the faults cached since the last sync (calibration/recordings/
    bash-rss-sync-trace--K-v2.txt: ``sync_mm_rss`` ← ``unmap_page_range`` ←
    ``__do_sys_brk`` at each trim, none from the faults between); a range no PTE
    page covers zaps nothing and syncs nothing."""
    from memcgsim.kernel.fork import get_mm_anon
    k = Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox")
    sh = k.spawn("bash")
    mm = sh.mm
    mm.sync_mm_rss()
    k.touch(sh, "[heap]", 40, 49)
    n = len(mm.anon)
    assert (mm.anon_pending, mm.rss_events, get_mm_anon(mm)) == (10, 10, n - 10)
    k.munmap(sh, "[heap]", 2000, 2100)      # 8 MB on: no page, no PTE page there
    assert (mm.anon_pending, mm.rss_events) == (10, 10)
    k.munmap(sh, "[heap]", 48, 60)          # the top's last pages: synced, then dropped
    assert (mm.anon_pending, mm.rss_events, get_mm_anon(mm)) == (0, 0, n - 2)
    k.touch(sh, "[heap]", 50, 52)
    k.munmap(sh, "[heap]", 100, 110)        # no page in the range, its PTE page there
    assert (mm.anon_pending, mm.rss_events) == (0, 0)
