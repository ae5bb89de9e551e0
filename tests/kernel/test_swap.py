"""Swap (kernel/swapfile.py): a swap file's area, anon pages reclaimed to it under a
memcg's limit, the swap charge (cgroup2 swap counter, cgroup1 memsw), the memcg ID
each entry records and holds, swap-in at a fault and at swapoff."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.kernel.swapfile import SWAP_SLOTS_CACHE_SIZE
from memcgsim.shell import run_script

W = "/mnt/disk/work"
MB = 1 << 20
SETUP = ("dd if=/dev/zero of=sw bs=1M count=32 2>/dev/null; chmod 600 sw; mkswap sw >/dev/null; "
         "swapon sw\n")
#: a subshell holding a 6 MB string in cgroup $1 (its sleep child and it moved out after)
HOLD = ("( echo $BASHPID > $C/$1/cgroup.procs; printf -v x '%*s' 6000000 ''; : > ready; "
        "sleep 3600; : ) &\nholder=$!\nuntil [ -e ready ]; do sleep 0.1; done; rm ready\n")


def _kernel(design: str, cgroup: str = "v2") -> Kernel:
    return Kernel(design=design, cgroup=cgroup, init="busybox", userland="busybox", debug=True)


def _run(k, script: str, killed: int = 0) -> list[str]:
    """The script's output lines; ``killed``: the jobs bash reports killed."""
    r = run_script(k, f"cd {W}\n" + script, "t.sh")
    assert r.stderr.count(" Killed ") == killed and r.stderr.count("\n") == killed, r.stderr
    return r.stdout.splitlines()


def _v2(k) -> None:
    k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", k.init)


def test_swapon_proc_swaps_meminfo():
    """/proc/swaps as swap_show prints it, SwapTotal/SwapFree, EBUSY twice,
    EINVAL without a header, swapoff empties the list."""
    k = _kernel("6.1")
    out = _run(k, "dd if=/dev/zero of=sw bs=1M count=64 2>/dev/null; chmod 600 sw; "
                  "swapon sw 2>&1; mkswap sw >/dev/null; swapon sw; swapon sw 2>&1; cat /proc/swaps; "
                  "grep -E '^Swap(Total|Free)' /proc/meminfo; swapoff sw; wc -l < /proc/swaps")
    assert out == ["swapon: sw: Invalid argument",
                   "swapon: sw: Device or resource busy",
                   "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority",
                   f"{W}/sw" + " " * 23 + "file\t\t65532\t\t0\t\t-2",
                   "SwapTotal:         65532 kB", "SwapFree:          65532 kB", "1"]


@pytest.mark.parametrize("design,dying_after_swapoff", [("5.10", 1), ("6.1", 0)])
def test_swap_entries_pin_the_dying_memcg(design, dying_after_swapoff):
    """A removed job whose pages sit in swap stays dying (its ID held by the
    entries) until swapoff; on 5.10 its page tables pin it besides (kmem pages hold
    the css before v5.13), and the holder's sleep child, forked there, keeps its
    own after the holder's death."""
    k = _kernel(design)
    _v2(k)
    out = _run(k, "C=/sys/fs/cgroup\n" + SETUP + "mkdir $C/j; echo 2M > $C/j/memory.max\n"
               + HOLD.replace("$1", "j")
               + "echo $(( $(cat $C/j/memory.swap.current) > 3 * 1048576 ))\n"
               "for p in $(cat $C/j/cgroup.procs); do echo $p > $C/cgroup.procs; done\n"
               "echo 0 > $C/j/memory.max; rmdir $C/j; sleep 1\n"
               "grep nr_dying $C/cgroup.stat; swapoff sw; sleep 1; grep nr_dying $C/cgroup.stat\n"
               "kill $holder; sleep 1; grep nr_dying $C/cgroup.stat")
    assert out == ["1", "nr_dying_descendants 1", f"nr_dying_descendants {dying_after_swapoff}",
                   f"nr_dying_descendants {dying_after_swapoff}"]
    assert not k.swap.record and not k.swap.count


def test_swapped_after_rmdir_charges_the_online_ancestor():
    """mem_cgroup_id_get_online: a dying child's pages swapped out by its parent's
    reclaim record the parent's ID, charged to the parent's swap counter; the child
    (6.1: page tables through obj_cgroup) is freed."""
    k = _kernel("6.1")
    _v2(k)
    out = _run(k, "C=/sys/fs/cgroup\n" + SETUP + "mkdir $C/p; echo +memory > $C/p/cgroup.subtree_control\n"
               "mkdir $C/p/c\n" + HOLD.replace("$1", "p/c")
               + "for p in $(cat $C/p/c/cgroup.procs); do echo $p > $C/cgroup.procs; done\n"
               "rmdir $C/p/c; grep nr_dying $C/p/cgroup.stat; echo 0 > $C/p/memory.max; sleep 1\n"
               "echo $(( $(cat $C/p/memory.swap.current) > 4 * 1048576 )); grep nr_dying $C/p/cgroup.stat")
    assert out == ["nr_dying_descendants 1", "1", "nr_dying_descendants 0"]
    p = next(m for m in k.memcg.idr.values() if m.cgroup.path == "/p")
    assert set(k.swap.record.values()) == {p}


def test_swap_max_and_swapin_at_fault():
    """memory.swap.max bounds the swap charge: past it anon is not scanned
    (mem_cgroup_get_nr_swap_pages) and the job is OOM-killed; below it a write to a
    swapped-out page reads it back, charged to the job (its memcg is online): a major
    fault (VM_FAULT_MAJOR: ``mm_account_fault`` counts ``maj_flt``), which the
    subshells' reaper gains in ``cmaj_flt`` (``wait_task_zombie``): /proc/PID/stat's
    field 13 is j's pgmajfault, the shell's own field 12 stays 0."""
    k = _kernel("6.1")
    _v2(k)
    out = _run(k, "C=/sys/fs/cgroup\n" + SETUP + "mkdir $C/j; echo 2M > $C/j/memory.max; "
               "echo 1M > $C/j/memory.swap.max\n"
               "( echo $BASHPID > $C/j/cgroup.procs; printf -v x '%*s' 6000000 ''; : ) ; echo $?\n"
               "grep oom_kill $C/j/memory.events; echo max > $C/j/memory.swap.max\n"
               "( echo $BASHPID > $C/j/cgroup.procs; printf -v x '%*s' 3000000 ''; x=; "
               "printf -v y '%*s' 3000000 ''; : ); echo $?\n"
               "awk '$1 == \"pgmajfault\" {print $2}' $C/j/memory.stat\n"
               "awk '$1 == \"pswpin\" {print ($2 > 0)}' /proc/vmstat\n"
               "read -r -a T < /proc/$$/stat; echo ${T[11]} ${T[12]}", killed=1)
    assert out[:3] == ["137", "oom_kill 1", "0"] and out[4] == "1"
    assert int(out[3]) > 0 and out[5] == f"0 {out[3]}"


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_copy_fault_counts_the_pages_reclaim_swapped_meanwhile(design):
    """A read() into a fresh buffer (tail holding its input) under memory.max with
    swap: reclaim swaps out pages the same copy faulted in, and they stay faulted
    (a swap entry in the PTE): no EFAULT, the buffer outgrows memory.max into swap,
    and at the swap quota the OOM killer ends it (novel-v2-swap-quota)."""
    k = _kernel(design)
    _v2(k)
    out = _run(k, "C=/sys/fs/cgroup\n" + SETUP + "mkdir $C/j; echo 4M > $C/j/memory.max\n"
               "( echo $BASHPID > $C/j/cgroup.procs; head -c 10M /dev/zero | tail | wc -c; "
               "echo ${PIPESTATUS[*]} )\n"
               "echo 2M > $C/j/memory.swap.max\n"
               "( echo $BASHPID > $C/j/cgroup.procs; head -c 10M /dev/zero | tail | wc -c; "
               "echo ${PIPESTATUS[*]} ) 2>/dev/null\n"
               "awk '$1 == \"pswpout\" {print ($2 * 4096 >= 6 * 1048576)}' /proc/vmstat\n"
               "grep -E '^oom_kill ' $C/j/memory.events")
    assert out == ["10485760", "0 0 0", "0", "141 137 0", "1", "oom_kill 1"]


def test_v1_memsw_keeps_the_swap_and_swappiness_0_does_not_swap():
    """cgroup1: a swapped page leaves memory.usage and stays in memsw.usage
    (mem_cgroup_swapout), memory.stat swap counts it; memory.swappiness 0 leaves
    anon alone and the job is OOM-killed."""
    k = _kernel("5.10", "v1")
    out = _run(k, "C=/sys/fs/cgroup/memory\n" + SETUP + "mkdir $C/j; echo 2M > $C/j/memory.limit_in_bytes\n"
               + HOLD.replace("$1", "j")
               + "u=$(cat $C/j/memory.usage_in_bytes); ms=$(cat $C/j/memory.memsw.usage_in_bytes)\n"
               "echo $(( u <= 2 * 1048576 )) $(( ms - u > 3 * 1048576 ))\n"
               "echo $(( $(awk '$1 == \"swap\" {print $2}' $C/j/memory.stat) > 3 * 1048576 ))\n"
               "kill $holder; wait $holder; sleep 1\n"
               "echo $(cat $C/j/memory.memsw.usage_in_bytes) > /dev/null\n"
               "mkdir $C/z; echo 0 > $C/z/memory.swappiness; echo 4M > $C/z/memory.limit_in_bytes\n"
               "( echo $BASHPID > $C/z/cgroup.procs; printf -v x '%*s' 6000000 ''; : ); echo $?\n"
               "awk '$1 == \"swap\" {print $2}' $C/z/memory.stat", killed=1)
    assert out == ["1 1", "1", "137", "0"]


def test_swapin_nr_pages_window():
    """``__swapin_nr_pages`` (mm/swap_state.c, v5.10 and v6.1) at page-cluster 3: the
    first fault (4 initial hits) reads 8; with no hit since, a far offset falls back
    to half the last window, and windows shrink no faster than halving."""
    k = _kernel("6.1")
    s = k.swap
    assert s.swapin_nr_pages(100) == 8          # hits 4 -> 6 -> rounded up to 8
    assert s.swapin_nr_pages(500) == 4          # no hit, not adjacent: 1, last/2 = 4
    assert s.prev_offset == 500
    assert s.swapin_nr_pages(900) == 2
    s.ra_hits = 1
    assert s.swapin_nr_pages(901) == 4          # 1 + 2 -> 4


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_read_fault_swap_cache_and_readahead(design):
    """A string swapped out under memory.max is read whole (${#x}, after the limit
    is lifted): each swapped page comes back by a read fault (do_swap_page), the
    first of each aligned block of 8 slots a major fault that reads the block
    (swap_cluster_readahead), the rest hits in the swap cache; every page read stays
    cached with its slot and swap charge (cgroup2) until the string is freed. (The
    subshell's variables are made before the swap-out: making one later writes bash's
    variable table, a swapped page, docs/fidelity.md item 321.)"""
    k = _kernel(design)
    _v2(k)
    vm = "awk -v k=$1 '$1 == k {print $2}' /proc/vmstat"
    out = _run(k, "C=/sys/fs/cgroup\n" + SETUP + f"v() {{ {vm}; }}\n"
               "sc() { awk '$1 == \"SwapCached:\" {print $2}' /proc/meminfo; }\n"
               "mkdir $C/j; echo 2M > $C/j/memory.max; mkfifo f\n"
               "( REPLY= y=; echo $BASHPID > $C/j/cgroup.procs; printf -v x '%*s' 4000000 ''; : > made; "
               "read < f; y=${#x}; : > r; read < f ) &\n"
               "until [ -e made ]; do sleep 0.1; done\n"
               "echo $(v pswpout) $(cat $C/j/memory.swap.current) $(v pswpin) $(v pgmajfault) "
               "$(v swap_ra) $(v swap_ra_hit)\n"
               "echo max > $C/j/memory.max; echo > f; until [ -e r ]; do sleep 0.1; done\n"
               "echo $(v pswpin) $(v pgmajfault) $(v swap_ra) $(v swap_ra_hit) $(sc) "
               "$(cat $C/j/memory.swap.current)\n"
               "echo > f; wait; echo $(sc) $(cat $C/j/memory.swap.current)")
    out_n, swapped, *before = map(int, out[0].split())
    pswpin, major, ra, hit, cached_kb, swap_after = map(int, out[1].split())
    pswpin, major, ra, hit = (a - b for a, b in zip((pswpin, major, ra, hit), before))
    n = swapped // 4096         # entries left once printf's buffer is freed
    assert out_n > n > 400
    # every entry ends cached; those the swap-out's readahead cached already are
    # hits, not read again. The buffer's entries freed into a CPU's swap slot return
    # cache (up to 64 a CPU, mm/swap_slots.c free_swap_slot) stay charged: swap.current
    # counts them too
    ret = SWAP_SLOTS_CACHE_SIZE * k.nr_cpus
    assert 4 * (n - ret) <= cached_kb <= 4 * n and n - ret - 16 <= pswpin <= n
    n = cached_kb // 4          # the entries mapped
    # one major fault per aligned block of 8 slots read (the first and last blocks
    # partly other pages': the blocks are slot-aligned)
    assert -(-pswpin // 8) <= major <= -(-pswpin // 8) + 2
    assert ra == pswpin - major and ra <= hit <= ra + n - pswpin
    assert swap_after == swapped                # the slots stay, charged (cgroup2)
    # freed at its exit: the cache at once, the slots into the return caches, charged
    # until 64 more come (swapcache_free_entries)
    cached_end, swap_end = map(int, out[2].split())
    held = sum(1 for r in k.swap.slots_ret for e in r if e in k.swap.record)
    assert cached_end == 0 and swap_end == 4096 * held and held <= ret


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_swap_slot_caches_keep_freed_entries_charged(design):
    """mm/swap_slots.c (v5.10 and v6.1): a job's swap entries freed at its exit go to
    the exiting CPU's return cache (``free_swap_slot``), flushed 64 at a time
    (``swapcache_free_entries``): up to 64 stay charged to the job's memcg, whose ID
    they hold (the removed memcg dying), with the slots taken ahead for swap-outs in
    use in /proc/swaps; swapoff drains every CPU's caches (``__drain_swap_slots_cache``)."""
    k = _kernel(design)
    _v2(k)
    out = _run(k, "C=/sys/fs/cgroup\n" + SETUP +
               "mkdir $C/j; echo 4M > $C/j/memory.max\n"
               "( echo $BASHPID > $C/j/cgroup.procs; head -c 12M /dev/zero | tail > /dev/null )\n"
               "echo $(cat $C/j/memory.swap.current) $(awk 'NR > 1 {print $4}' /proc/swaps)\n"
               "rmdir $C/j; sleep 1; awk '$1 == \"nr_dying_descendants\" {print $2}' $C/cgroup.stat\n"
               "swapoff sw; sleep 1; awk '$1 == \"nr_dying_descendants\" {print $2}' $C/cgroup.stat")
    charged, used_kb = map(int, out[0].split())
    held = sum(len(r) for r in k.swap.slots_ret)
    assert held == 0 and 0 < charged <= 4096 * SWAP_SLOTS_CACHE_SIZE
    # the charged entries plus the slots a CPU's cache took ahead, all in use
    assert charged // 1024 < used_kb <= 4 * 2 * SWAP_SLOTS_CACHE_SIZE * k.nr_cpus
    assert out[1:] == ["1", "0"]


# v1 is slow (10-11 s under load, bench/README.md ctime41): v2 checks the same swap
# paths through memory.swap.current in the default run
@pytest.mark.parametrize("cgroup", ["v2", pytest.param("v1", marks=pytest.mark.slow)])
def test_tmpfs_pages_swapped_read_back_and_freed(cgroup):
    """A tmpfs file's pages go to swap under a limit (``shmem_writepage``: shmem
    and the charge down, the entries in the file), come back charged when the file
    is read (``shmem_swapin_page``), and a removed file's entries are freed
    (``shmem_free_swap``); swapoff reads the rest back (``shmem_unuse``). Pages."""
    k = _kernel("6.1", cgroup)
    if cgroup == "v2":
        _v2(k)
        C, cur, lim = "/sys/fs/cgroup", "memory.current", "memory.max"
        sw = "$(( $(cat $C/p/memory.swap.current) >> 12 ))"
    else:
        C, cur, lim = "/sys/fs/cgroup/memory", "memory.usage_in_bytes", "memory.limit_in_bytes"
        sw = "$(( ($(cat $C/p/memory.memsw.usage_in_bytes) - $(cat $C/p/memory.usage_in_bytes)) >> 12 ))"
    show = (f'echo "$(( $(cat $C/p/{cur}) >> 12 )) $(awk \'$1 == "shmem" {{print $2 / 4096}}\' '
            f'$C/p/memory.stat) {sw}"\n')
    out = _run(k, f"C={C}\n" + SETUP + "mkdir -p /tmp/t && mount -t tmpfs t /tmp/t\nmkdir $C/p\n"
               "( echo $BASHPID > $C/p/cgroup.procs; head -c 8M /dev/zero > /tmp/t/a; "
               "head -c 4M /dev/zero > /tmp/t/b )\n" + show
               + f"echo 6M > $C/p/{lim}\n" + show
               + f"echo max > $C/p/{lim} 2>/dev/null || echo -1 > $C/p/{lim}\n"
               "( echo $BASHPID > $C/p/cgroup.procs; cat /tmp/t/a > /dev/null )\n" + show
               + f"echo 6M > $C/p/{lim}\nrm /tmp/t/a\n" + show
               + "swapoff sw\n" + show + "rm /tmp/t/b\n" + show)
    rows = [tuple(map(int, line.split())) for line in out]
    usage, shmem, swapped = rows[0]
    assert shmem == 3072 and swapped == 0 and 3072 <= usage < 3072 + 64
    usage, shmem, swapped = rows[1]
    assert usage <= 1536 and shmem + swapped == 3072 and swapped >= 1536
    usage, shmem2, swapped2 = rows[2]
    # a's pages (the oldest: swapped first) read back, charged to p again; b's
    # swapped ones stay there (their freed entries' charges wait in the slot caches)
    assert shmem2 >= 2048 and swapped2 < swapped and shmem2 + swapped2 >= 3072
    assert usage >= shmem2
    usage, shmem, swapped = rows[3]
    # b's pages (the oldest now) swapped, a's entries freed: some of them wait in
    # the CPUs' swap slot return caches, still charged (fewer than 64 a CPU)
    assert 1024 <= shmem + swapped < 1024 + 2 * SWAP_SLOTS_CACHE_SIZE and usage <= 1536
    usage, shmem, swapped = rows[4]
    assert (shmem, swapped) == (1024, 0) and 1024 <= usage < 1024 + 64
    usage, shmem, swapped = rows[5]
    assert (shmem, swapped) == (0, 0) and usage < 64


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_thp_swap_out_fails_then_splits(design):
    """Reclaim meeting a PMD-mapped THP tries to swap it whole: no cluster on a swap
    file's area, so swap.events counts a ``fail`` per huge page
    (``__mem_cgroup_try_charge_swap`` with an empty entry), the THP is split
    (anon_thp 0) and its pages swapped one by one. (5.10's anon_thp reads 0 through
    its per-CPU batches: NR_ANON_THPS counts huge pages there.)"""
    k = _kernel(design)
    _v2(k)
    out = _run(k, "C=/sys/fs/cgroup\n" + SETUP + "mkdir $C/j\n" + HOLD.replace("$1", "j")
               + "awk '$1 == \"anon_thp\" {print $2}' $C/j/memory.stat\n"
               "echo 3M > $C/j/memory.max\n"
               "awk '$1 == \"anon_thp\" {print $2}' $C/j/memory.stat\n"
               "awk '$1 == \"fail\" {print $2}' $C/j/memory.swap.events\n"
               "echo $(( $(cat $C/j/memory.swap.current) > 3 * 1048576 ))\n"
               "kill $holder; wait $holder 2>/dev/null; swapoff sw")
    fails = int(out[2])
    assert fails >= 1 and out[1] == "0" and out[3] == "1"
    if design == "6.1":
        assert int(out[0]) == fails * 2 * MB     # one fail a huge page mapped


@pytest.mark.parametrize("design,file_left", [("5.10", 0), ("6.1", 2)])
def test_reclaim_takes_inactive_file_first_then_both(design, file_left):
    """get_scan_count with swap on (item 363 of docs/fidelity.md): while the
    target's inactive file list >> priority is not 0 (cache_trim_mode) reclaim
    scans file only, so a 4 MB memory.high squeeze leaves the 6 MB string's anon
    in memory, none swapped (the priorities' whole file targets: 2 MB of the 8
    left on 6.1; on 5.10 the inode shrinker's prune strips the closed file's last
    pages at priority 1, PGINODESTEAL); with the file gone reclaim swaps the anon
    (SCAN_FRACT, then SCAN_EQUAL at priority 0), and what it wrote is the lruvec's
    anon_cost (lru_note_cost)."""
    k = _kernel(design)
    _v2(k)
    out = _run(k, "C=/sys/fs/cgroup\n" + SETUP + "mkdir $C/j\n"
               "head -c 8M /dev/zero > data; sync; echo 3 > /proc/sys/vm/drop_caches\n"
               + HOLD.replace("$1", "j").replace("printf -v", "cat data > /dev/null; printf -v")
               + "st() { awk -v k=$1 '$1 == k {print int($2 / 1048576)}' $C/j/memory.stat; }\n"
               "sw() { echo $(( $(cat $C/j/memory.swap.current) >> 20 )); }\n"
               "echo $(st anon) $(( $(st file) >= 7 ))\n"
               "m=$C/j/memory.high; echo $(( $(cat $C/j/memory.current) - 4 * 1048576 )) > $m\n"
               "echo $(st anon) $(st file) $(sw)\n"
               "echo 1M > $m; echo $(st anon) $(st file) $(sw)\n"
               "kill $holder\n")
    assert out[-3:] == ["5 1", f"5 {file_left} 0", "0 0 5"]
    vm = k.vmscan
    j = next(m for m in vm.lru_cost if m.cgroup is not None and m.cgroup.name == "j")
    assert vm.lru_cost[j][0] > 0 and vm.lru_cost[j][1] == 0


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_v1_move_charge_moves_swap_entries(design):
    """move_charge_at_immigrate 1 on cgroup1 with memsw accounting: the moving
    task's swap entries recording the source move too (mc_handle_swap_pte,
    mem_cgroup_move_swap_account): the source's memsw and swap stat drop to its
    own, the destination's memsw and swap rise and its memory counter keeps only
    the pages (__mem_cgroup_clear_mc's fixup)."""
    k = _kernel(design, "v1")
    M = "/sys/fs/cgroup/memory"
    out = _run(k, f"M={M}\n" + SETUP + "mkdir $M/a $M/b; echo 2M > $M/a/memory.limit_in_bytes\n"
               "echo 1 > $M/b/memory.move_charge_at_immigrate\n"
               "( echo $BASHPID > $M/a/cgroup.procs; printf -v x '%*s' 6000000 ''; : > ready; "
               "sleep 3600; : ) &\nholder=$!\nuntil [ -e ready ]; do sleep 0.1; done; rm ready\n"
               "st() { awk -v k=$2 '$1 == k {print int($2 / 1048576)}' $M/$1/memory.stat; }\n"
               "mb() { echo $(( $(cat $M/$1/memory.$2) >> 20 )); }\n"
               "echo $(st a swap) $(mb a memsw.usage_in_bytes)\n"
               "echo $holder > $M/b/cgroup.procs; echo moved $?\n"
               "echo $(st a swap) $(mb a memsw.usage_in_bytes) $(st b swap) $(st b rss) "
               "$(mb b usage_in_bytes) $(mb b memsw.usage_in_bytes)\n"
               "echo $(awk '$1 == \"swap\" {print $2}' $M/b/memory.stat) "
               "$(cat $M/b/memory.usage_in_bytes $M/b/memory.memsw.usage_in_bytes)\n"
               "kill $holder\n")
    a_swap, a_memsw = map(int, out[-4].split())
    assert a_swap >= 4 and a_memsw >= 6
    assert out[-3] == "moved 0"
    a_swap, a_memsw, b_swap, b_rss, b_usage, b_memsw = map(int, out[-2].split())
    assert (a_swap, b_swap) == (0, 4) and a_memsw == 0 and b_usage == b_rss
    # memsw is the pages and the swap entries (bytes: the MiB readings floor each)
    swap_b, usage_b, memsw_b = map(int, out[-1].split())
    assert memsw_b == usage_b + swap_b, out



def test_swapoff_holds_the_victims_mm_and_fails_at_the_limit():
    """swapoff's charges of a container's entries meet its memory.max: the OOM killer
    takes the tail, but swapoff holds its mm (``mmget_not_zero``), so its exit frees
    nothing; the shells go next, then nobody: ENOMEM, the area stays on, the file
    cannot be removed (EPERM); a second swapoff, the container empty, succeeds."""
    k = _kernel("6.1")
    _v2(k)
    out = _run(k, "C=/sys/fs/cgroup\n" + SETUP
               + "mkdir $C/c; echo 6M > $C/c/memory.max\nmkfifo go; exec 4<> go\n"
               "( echo $BASHPID > $C/c/cgroup.procs; { head -c 10M /dev/zero; read x < go; } "
               "| tail > /dev/null ) &\n"
               "until [ $(cat $C/c/memory.swap.current) -ge $((3 << 20)) ]; do sleep 0.1; done\n"
               "sleep 1; swapoff sw 2>/dev/null; echo \"swapoff $?\"\n"
               "awk '$1 == \"oom_kill\" {print $2}' $C/c/memory.events\n"
               "echo \"$(( $(wc -l < /proc/swaps) - 1 ))\"\n"
               "rm -f sw 2>/dev/null; echo \"rm $?\"\nwait\n"
               "swapoff sw; echo \"swapoff $?\"; rm -f sw; echo \"rm $?\"\n", killed=1)
    assert out == ["swapoff 1", "3", "1", "rm 1", "swapoff 0", "rm 0"]


def test_fd_link_of_a_removed_file_says_deleted():
    """/proc/PID/fd/N of a file unlinked while open reads as ``d_path`` gives it:
    the path, then " (deleted)"."""
    k = _kernel("6.1")
    out = _run(k, "( exec 3> f; : > ready; exec sleep 3600 ) &\np=$!\n"
               "until [ -e ready ]; do sleep 0.1; done\n"
               "readlink /proc/$p/fd/3; rm f; readlink /proc/$p/fd/3; kill -9 $p; wait\n",
               killed=1)
    assert out == [f"{W}/f", f"{W}/f (deleted)"]


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_unmapped_swap_cache_pages_are_not_anon(design):
    """Pages a swap-in's readahead brings into the swap cache are charged and on the
    anon LRU but not NR_ANON_MAPPED until a fault maps them (``page_add_anon_rmap``):
    memory.stat ``anon`` and /proc/meminfo AnonPages leave them out, 6.1's
    ``swapcached`` counts them (docs/fidelity.md item 420)."""
    from memcgsim.kernel.invariants import check_changed
    k = _kernel(design)
    _v2(k)
    _run(k, "C=/sys/fs/cgroup\n" + SETUP + "mkdir $C/j; echo 2M > $C/j/memory.max\n"
         "( echo $BASHPID > $C/j/cgroup.procs; printf -v x '%*s' 4000000 ''; : > made; "
         "sleep 3600; : ) &\nuntil [ -e made ]; do sleep 0.1; done\necho max > $C/j/memory.max\n")
    j = "/sys/fs/cgroup/j"

    def stat(key):
        text = k.read(f"{j}/memory.stat", k.init)
        return next((int(v) for n, v in (ln.split() for ln in text.splitlines()) if n == key), None)

    def anon_pages_kb():
        text = k.read("/proc/meminfo", k.init)
        return next(int(ln.split()[1]) for ln in text.splitlines() if ln.startswith("AnonPages:"))
    holder = next(t for t in k.tasks.values() if t.mm is not None and t.mm.swap
                  and len(t.mm.swap) > 400)
    anon, meminfo = stat("anon"), anon_pages_kb()
    cached = len(k.swap.cache)
    e = sorted(holder.mm.swap)[len(holder.mm.swap) // 2]
    with k.running(holder):
        pfn = k.swap.swap_cluster_readahead(e, holder.mm)
    read = len(k.swap.cache) - cached
    assert pfn is not None and read >= 2 and len(k.swap.unmapped) >= read
    _run(k, "sleep 3\n")       # past 6.1's periodic stats flush (2 s)
    assert stat("anon") == anon and anon_pages_kb() == meminfo
    if design == "6.1":
        assert stat("swapcached") >= 4096 * read
    check_changed(k)


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_oom_reaper_reaps_a_held_victims_mm_after_its_delay(design):
    """An OOM victim whose mm another user holds (swapoff's ``mmget_not_zero``) exits
    without freeing it; 2 s after the kill (``OOM_REAPER_DELAY``, in both guests'
    kernels) the OOM reaper zaps its anon pages and swap entries: uncharged, the
    entries' swap charge gone, its line logged; the holder's ``mmput`` then finds
    nothing more to free. VmSwap read the entries before (docs/fidelity.md item 436)."""
    from memcgsim.kernel.signum import SIGKILL
    k = _kernel(design)
    _v2(k)
    _run(k, "C=/sys/fs/cgroup\n" + SETUP + "mkdir $C/c; echo 4M > $C/c/memory.max\n"
         "mkfifo go; exec 4<> go\n"
         "( echo $BASHPID > $C/c/cgroup.procs; { head -c 8M /dev/zero; read x < go; } "
         "| tail > /dev/null ) &\n"
         "until [ $(cat $C/c/memory.swap.current) -ge $((3 << 20)) ]; do sleep 0.1; done\n")
    c = "/sys/fs/cgroup/c"
    tail = next(t for t in k.tasks.values() if t.comm == "tail" and t.alive)
    mm = tail.mm
    status = k.read(f"/proc/{tail.pid}/status", k.init)
    vmswap = next(int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("VmSwap:"))
    assert vmswap == len(mm.swap) * 4 and vmswap >= 3 << 10
    swap0 = int(k.read(f"{c}/memory.swap.current", k.init))
    cur0 = int(k.read(f"{c}/memory.current", k.init))
    k.procs.mmget(mm)
    with k.running(k.init):
        k.vmscan.kill_process(tail, {})
    k.procs.exit(tail, signal=SIGKILL)
    assert not tail.alive and len(mm.anon) > 500 and mm.swap
    assert int(k.read(f"{c}/memory.current", k.init)) > cur0 - (1 << 20)
    _run(k, "sleep 1\n")
    assert mm.swap and not any("oom_reaper" in ln for ln in k.log.lines)
    _run(k, "sleep 1.5\n")
    assert not mm.anon and not mm.swap
    assert f"oom_reaper: reaped process {tail.pid} (tail), now anon-rss:0kB" in "\n".join(k.log.lines)
    assert int(k.read(f"{c}/memory.current", k.init)) < cur0 - (3 << 20)
    assert int(k.read(f"{c}/memory.swap.current", k.init)) < swap0 - (2 << 20)
    k.procs.mmput(mm)
    assert mm not in k.procs.mm_held
    assert _run(k, "swapoff sw; echo $?\n") == ["0"]


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_own_swap_ins_stay_in_vmswap_until_the_split_cache_syncs(design):
    """A task that reads its own pages back (``do_swap_page``) counts them in its
    split RSS cache: MM_ANONPAGES one more, MM_SWAPENTS one less, not yet in the mm's
    counters, so /proc/PID/status's VmSwap still shows the entry and RssAnon not the
    page until a later fault (or its exit) syncs the cache (docs/fidelity.md item
    437)."""
    k = _kernel(design)
    _v2(k)
    _run(k, "C=/sys/fs/cgroup\n" + SETUP + "mkdir $C/j; echo 2M > $C/j/memory.max\n"
         + HOLD.replace("$1", "j") + "echo max > $C/j/memory.max\n")
    holder = next(t for t in k.tasks.values() if t.mm is not None and t.mm.swap
                  and len(t.mm.swap) > 400)
    mm = holder.mm

    def status(key):
        text = k.read(f"/proc/{holder.pid}/status", k.init)
        return next(int(ln.split()[1]) for ln in text.splitlines() if ln.startswith(key + ":"))
    mm.sync_mm_rss()
    entries, anon_kb = len(mm.swap), status("RssAnon")
    assert status("VmSwap") == entries * 4
    e = sorted(mm.swap)[0]
    with k.running(holder):
        assert k.swap.do_swap_page(mm, e, True)
    assert len(mm.swap) == entries - 1
    assert status("VmSwap") == entries * 4 and status("RssAnon") == anon_kb
    mm.sync_mm_rss()
    assert status("VmSwap") == (entries - 1) * 4 and status("RssAnon") == anon_kb + 4


@pytest.mark.slow
@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_swap_past_swap_high_throttles_the_charger(design):
    """memory.swap.high (v5.8): once a job's swap is past it, each charge that
    refills the stock queues mem_cgroup_handle_over_high; it reclaims nothing (memory
    has no high), counts swap.events "high" at each look at the overage (17 a call
    that sleeps) and sleeps the penalty. A second job without swap.high runs at
    once, its swap.events untouched."""
    k = _kernel(design)
    _v2(k)
    out = _run(k, "C=/sys/fs/cgroup\n" + SETUP
               + "for j in a b; do mkdir $C/$j; echo 3M > $C/$j/memory.max; done\n"
               "echo 1M > $C/a/memory.swap.high\n"
               "for j in a b; do s=$EPOCHREALTIME\n"
               "  ( echo $BASHPID > $C/$j/cgroup.procs; printf -v x '%*s' 5000000 '' )\n"
               "  e=$EPOCHREALTIME; echo $(( (${e/./} - ${s/./}) / 1000000 ))"
               " $(awk '$1 == \"high\" {print $2}' $C/$j/memory.swap.events)\n"
               "done\n")
    (sa, ha), (sb, hb) = (map(int, line.split()) for line in out)
    assert sa >= 2 and ha >= 17 and ha % 17 in (0, 1, 2, 3, 4, 5, 6, 7, 8)
    assert sb == 0 and hb == 0
