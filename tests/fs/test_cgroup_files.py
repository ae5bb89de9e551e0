"""cgroupfs files added for the probe-cgroupfs recordings: formats, errnos and
presence per design (tests/conformance/recordings/probe-cgroupfs*.txt)."""
import errno

import pytest

from memcgsim import Kernel
from memcgsim.fs.cgroup_files import numa_stat_keys

V1 = "/sys/fs/cgroup/memory"
V2 = "/sys/fs/cgroup"
PSI = ("some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
       "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n")


def boot(design, cgroup, child=True):
    k = Kernel(design=design, cgroup=cgroup, init="busybox")
    sh = k.spawn("bash")
    base = V1 if cgroup == "v1" else V2
    if cgroup == "v2":
        k.write(V2 + "/cgroup.subtree_control", "+memory", sh)
    if child:
        k.mkdir(base + "/a", sh)
    return k, sh, base


def errno_of(fn, *args):
    with pytest.raises(OSError) as e:
        fn(*args)
    return e.value.errno


# ------------------------------------------------------------------ presence
V1_NEW = {"cgroup.event_control", "memory.kmem.slabinfo", "memory.numa_stat",
          "memory.pressure_level"}
V2_CHILD_ALL = {"memory.numa_stat", "memory.pressure", "memory.swap.events",
                "memory.swap.high", "memory.stat"}
V2_CHILD_61 = {"cgroup.pressure", "memory.peak", "memory.reclaim", "memory.zswap.current",
               "memory.zswap.max"}
V2_ROOT_ALL = {"memory.stat", "memory.numa_stat", "memory.pressure"}
V2_ROOT_61 = {"cgroup.pressure", "memory.reclaim"}


@pytest.mark.parametrize("design", ["3.10-rhel7", "5.10", "5.13", "6.1"])
def test_v1_files_present_in_root_and_child(design):
    k, sh, base = boot(design, "v1")
    assert V1_NEW <= set(k.listdir(base, sh))
    assert V1_NEW <= set(k.listdir(base + "/a", sh))


@pytest.mark.parametrize("design,extra", [("5.10", False), ("5.12", False), ("5.13", False),
                                          ("6.1", True), ("lru-reparent", True)])
def test_v2_files_per_design(design, extra):
    k, sh, base = boot(design, "v2")
    child, root = set(k.listdir(base + "/a", sh)), set(k.listdir(base, sh))
    assert V2_CHILD_ALL <= child and V2_ROOT_ALL <= root
    assert (V2_CHILD_61 <= child) is extra and not (V2_CHILD_61 & child and not extra)
    assert (V2_ROOT_61 <= root) is extra and not (V2_ROOT_61 & root and not extra)
    # never at the root (CFTYPE_NOT_ON_ROOT)
    assert not {"memory.peak", "memory.zswap.max", "memory.swap.events",
                "memory.swap.high", "memory.current"} & root


def test_v2_pressure_files_without_memory_controller():
    k, sh, base = boot("6.1", "v2", child=False)
    k.mkdir(base + "/a", sh)
    k.mkdir(base + "/a/b", sh)   # a's subtree_control is empty: no memory css in b
    names = set(k.listdir(base + "/a/b", sh))
    assert {"memory.pressure", "cgroup.pressure"} <= names
    assert not {"memory.stat", "memory.numa_stat", "memory.reclaim"} & names


# ------------------------------------------------------------------- formats
def test_v1_memory_stat_keys_per_design():
    ws = ["workingset_refault_anon", "workingset_refault_file"]
    for design, has in (("5.10", False), ("6.1", True)):
        k, sh, base = boot(design, "v1")
        keys = [line.split()[0] for line in k.read(base + "/a/memory.stat", sh).splitlines()]
        assert all((w in keys) is has and (f"total_{w}" in keys) is has for w in ws)
        if has:
            i = keys.index("writeback")
            assert keys[i + 1:i + 4] == ws + ["swap"]
            i = keys.index("total_writeback")
            assert keys[i + 1:i + 4] == [f"total_{w}" for w in ws] + ["total_swap"]


def test_v1_numa_stat_format_counts_lru_pages():
    k, sh, base = boot("6.1", "v1")
    k.write(base + "/a/cgroup.procs", str(sh.pid), sh)
    k.alloc_anon(sh, 1 << 20)
    text = k.read(base + "/a/memory.numa_stat", sh)
    rows = [line.split() for line in text.splitlines()]
    assert [r[0].split("=")[0] for r in rows] == [
        "total", "file", "anon", "unevictable", "hierarchical_total", "hierarchical_file",
        "hierarchical_anon", "hierarchical_unevictable"]
    for r in rows:
        assert len(r) == 2 and r[1].startswith("N0=") and r[0].split("=")[1] == r[1][3:]
    val = {r[0].split("=")[0]: int(r[0].split("=")[1]) for r in rows}
    assert val["anon"] >= 256 and val["total"] == val["file"] + val["anon"] + val["unevictable"]
    assert val["hierarchical_anon"] >= val["anon"]


def test_v1_kmem_slabinfo():
    k, sh, base = boot("5.10", "v1")
    assert k.read(base + "/a/memory.kmem.slabinfo", sh) == ""   # deprecated in v5.9
    k, sh, base = boot("3.10-rhel7", "v1")
    # 3.10: -EIO until the cgroup accounts kmem, and always at the root
    assert errno_of(k.read, base + "/a/memory.kmem.slabinfo", sh) == errno.EIO
    assert errno_of(k.read, base + "/memory.kmem.slabinfo", sh) == errno.EIO
    k.write(base + "/a/memory.kmem.limit_in_bytes", "1", sh)   # switches it on (runc)
    k.write(base + "/a/memory.kmem.limit_in_bytes", "-1", sh)
    assert k.read(base + "/a/memory.kmem.slabinfo", sh).startswith(
        "slabinfo - version: 2.1\n# name            <active_objs>")


def test_v1_event_files_errnos():
    k, sh, base = boot("5.10", "v1")
    for f in ("cgroup.event_control", "memory.pressure_level"):
        # write-only: the open succeeds, cgroup_seqfile_show fails the read
        assert errno_of(k.read, f"{base}/a/{f}", sh) == errno.EINVAL
    assert errno_of(k.write, base + "/a/memory.pressure_level", "1", sh) == errno.EINVAL
    assert errno_of(k.write, base + "/a/cgroup.event_control", "x", sh) == errno.EINVAL
    assert errno_of(k.write, base + "/a/cgroup.event_control", "3", sh) == errno.EINVAL
    # well-formed, but the model has no eventfd to find
    assert errno_of(k.write, base + "/a/cgroup.event_control", "3 4 low", sh) == errno.EBADF


def test_v2_numa_stat_keys_and_values():
    # as 5.10.262 prints them (recordings/probe-cgroupfs-writes-v2--5.10-v2.txt)
    assert numa_stat_keys("5.10") == (
        "anon file kernel_stack shmem file_mapped file_dirty file_writeback anon_thp "
        "inactive_anon active_anon inactive_file active_file unevictable slab_reclaimable "
        "slab_unreclaimable workingset_refault_anon workingset_refault_file "
        "workingset_activate_anon workingset_activate_file workingset_restore_anon "
        "workingset_restore_file workingset_nodereclaim").split()
    keys61 = numa_stat_keys("6.1")
    assert keys61[:4] == ["anon", "file", "kernel_stack", "pagetables"]
    assert "workingset_nodereclaim" in keys61 and not {"kernel", "percpu", "sock", "slab",
                                                       "zswap", "pgfault"} & set(keys61)
    k, sh, base = boot("6.1", "v2")
    k.write(base + "/a/cgroup.procs", str(sh.pid), sh)
    k.alloc_anon(sh, 1 << 20)
    k.stat(base + "/a/memory.numa_stat", sh)   # its dentry and inode charged first (fs/kernfs.py)
    stat = dict(line.split() for line in k.read(base + "/a/memory.stat", sh).splitlines())
    numa = [line.split() for line in k.read(base + "/a/memory.numa_stat", sh).splitlines()]
    assert [r[0] for r in numa] == keys61
    for key, node in numa:
        assert node == f"N0={stat[key]}"
    assert int(stat["anon"]) >= 1 << 20
    root = [line.split()[0] for line in k.read(base + "/memory.stat", sh).splitlines()]
    assert root == list(stat)


def test_v2_swap_files():
    k, sh, base = boot("5.10", "v2")
    a = base + "/a"
    assert k.read(a + "/memory.swap.events", sh) == "high 0\nmax 0\nfail 0\n"
    assert k.read(a + "/memory.swap.high", sh) == "max\n"
    k.write(a + "/memory.swap.high", "1M", sh)
    assert k.read(a + "/memory.swap.high", sh) == "1048576\n"
    k.write(a + "/memory.swap.high", "max", sh)
    assert k.read(a + "/memory.swap.high", sh) == "max\n"
    assert errno_of(k.write, a + "/memory.swap.high", "lots", sh) == errno.EINVAL
    assert errno_of(k.write, a + "/memory.swap.events", "0", sh) == errno.EINVAL  # no handler


def test_v2_pressure_format_and_triggers():
    k, sh, base = boot("5.10", "v2")
    for d in (base, base + "/a"):
        assert k.read(d + "/memory.pressure", sh) == PSI
    p = base + "/a/memory.pressure"
    k.write(p, "some 150000 1000000", sh)
    k.write(p, "full 500000 500000", sh)
    for bad in ("some 150000", "most 1 1000000", "some 0 1000000", "some 150000 100000",
                "some 150000 20000000", "full 2000000 1000000"):
        assert errno_of(k.write, p, bad, sh) == errno.EINVAL, bad


def test_cgroup_pressure_hides_pressure_files():
    k, sh, base = boot("6.1", "v2")
    a = base + "/a"
    assert k.read(a + "/cgroup.pressure", sh) == "1\n"
    assert errno_of(k.write, a + "/cgroup.pressure", "2", sh) == errno.ERANGE
    assert errno_of(k.write, a + "/cgroup.pressure", "yes", sh) == errno.EINVAL
    k.write(a + "/cgroup.pressure", "0", sh)
    assert k.read(a + "/cgroup.pressure", sh) == "0\n"
    assert "memory.pressure" not in k.listdir(a, sh)
    assert errno_of(k.read, a + "/memory.pressure", sh) == errno.ENOENT
    assert "memory.pressure" in k.listdir(base, sh)   # only that cgroup
    k.write(a + "/cgroup.pressure", "1", sh)
    assert k.read(a + "/memory.pressure", sh) == PSI


def test_v2_peak_is_the_watermark():
    k, sh, base = boot("6.1", "v2")
    a = base + "/a"
    k.write(a + "/cgroup.procs", str(sh.pid), sh)
    k.alloc_anon(sh, 4 << 20)
    peak = int(k.read(a + "/memory.peak", sh))
    assert peak >= int(k.read(a + "/memory.current", sh)) >= 4 << 20
    k.free_anon(sh, 4 << 20)
    assert int(k.read(a + "/memory.current", sh)) < peak
    assert int(k.read(a + "/memory.peak", sh)) == peak
    assert errno_of(k.write, a + "/memory.peak", "0", sh) == errno.EINVAL   # read-only in 6.1


def test_v2_zswap_files():
    k, sh, base = boot("6.1", "v2")
    a = base + "/a"
    assert k.read(a + "/memory.zswap.current", sh) == "0\n"
    assert k.read(a + "/memory.zswap.max", sh) == "max\n"
    k.write(a + "/memory.zswap.max", "64K", sh)
    assert k.read(a + "/memory.zswap.max", sh) == "65536\n"
    k.mkdir(base + "/b", sh)
    assert k.read(base + "/b/memory.zswap.max", sh) == "max\n"   # per memcg
    assert errno_of(k.write, a + "/memory.zswap.max", "-5", sh) == errno.EINVAL


def test_v2_reclaim_frees_page_cache_and_eagain_when_it_cannot():
    k, sh, base = boot("6.1", "v2")
    a = base + "/a"
    k.write(a + "/cgroup.procs", str(sh.pid), sh)
    k.write(k.workdir + "/data", "x" * (2 << 20), sh)   # 512 page-cache pages charged to a
    before = int(k.read(a + "/memory.current", sh))
    assert before >= 2 << 20
    # dirty pages are not reclaimed (only kswapd writes them back): nothing to free
    assert errno_of(k.write, a + "/memory.reclaim", "1M", sh) == errno.EAGAIN
    assert before - int(k.read(a + "/memory.current", sh)) < 1 << 20
    k.sync(sh)
    k.write(a + "/memory.reclaim", "1M", sh)
    assert before - int(k.read(a + "/memory.current", sh)) >= 1 << 20
    k.write(a + "/memory.reclaim", "0", sh)   # nothing asked, nothing to do
    # anon memory cannot go anywhere (no swap): -EAGAIN
    k.alloc_anon(sh, 8 << 20)
    assert errno_of(k.write, a + "/memory.reclaim", "100M", sh) == errno.EAGAIN
    for bad in ("lots", "-1", "1M swappiness=0"):
        assert errno_of(k.write, a + "/memory.reclaim", bad, sh) == errno.EINVAL, bad
    assert errno_of(k.read, a + "/memory.reclaim", sh) == errno.EINVAL
    # at the root too: everything reclaimable is gone already
    assert errno_of(k.write, base + "/memory.reclaim", "4K", sh) == errno.EAGAIN


@pytest.mark.parametrize("cgroup", ["v1", "v2"])
def test_a_stat_batched_below_zero_reads_zero(cgroup):
    """memcg_page_state clamps a negative counter at 0 (5.10: a parent's percpu
    after its children's per-CPU data were freed on other CPUs than allocated)."""
    from memcgsim.kernel.vmstat import (MEMCG_PERCPU_B, NR_ANON_MAPPED, NR_SLAB_UNRECLAIMABLE_B,
                                        stat_vector)
    k, sh, base = boot("5.10", cgroup)
    m = k.cgroups.memory_css_of(k.memory_root.cgrp.children["a"])
    m.stats.state, m.stats.local = stat_vector(m.stats.state), stat_vector(m.stats.local)
    m.stats.state[MEMCG_PERCPU_B] = -8192
    m.stats.local[NR_SLAB_UNRECLAIMABLE_B] = -64
    m.stats.state[NR_SLAB_UNRECLAIMABLE_B] = -64
    m.stats.local[NR_ANON_MAPPED] = m.stats.state[NR_ANON_MAPPED] = -3
    stat = dict(l.split() for l in k.read(base + "/a/memory.stat", sh).splitlines())
    if cgroup == "v2":
        assert (stat["percpu"], stat["slab_unreclaimable"], stat["slab"]) == ("0", "0", "0")
    else:
        assert (stat["rss"], stat["total_rss"]) == ("0", "0")


def test_v2_idle_counters_shared_until_swap_is_set():
    """On cgroup2 a child's v1-only ``kmem``/``tcpmem`` and its ``swap`` (``memsw``)
    are the shared IDLE_COUNTER (read as the kernel's untouched counters) until
    memory.swap.max/high is written: then the memcg and its ancestors up to the
    root own theirs, linked as ``page_counter_init(&memcg->swap, &parent->swap)``."""
    from memcgsim.kernel.bug import ModelBug
    from memcgsim.kernel.invariants import check_invariants
    from memcgsim.kernel.page_counter import IDLE_COUNTER, PAGE_COUNTER_MAX
    k, sh, base = boot("5.13", "v2")
    k.write(base + "/a/cgroup.subtree_control", "+memory", sh)
    k.mkdir(base + "/a/b", sh)
    cg = k.memory_root.cgrp
    root = k.memcg.root_mem_cgroup
    a = cg.children["a"].subsys["memory"]
    b = cg.children["a"].children["b"].subsys["memory"]
    assert a.kmem is a.tcpmem is a.memsw is b.memsw is IDLE_COUNTER
    assert root.memsw is not IDLE_COUNTER and root.kmem is not IDLE_COUNTER
    assert k.read(base + "/a/b/memory.swap.max", sh) == "max\n"
    assert k.read(base + "/a/b/memory.swap.high", sh) == "max\n"
    k.write(base + "/a/b/memory.swap.max", "64K", sh)
    assert k.read(base + "/a/b/memory.swap.max", sh) == "65536\n"
    assert b.memsw is not IDLE_COUNTER and b.memsw.max == 16
    assert b.memsw.parent is a.memsw is not IDLE_COUNTER and a.memsw.parent is root.memsw
    assert a.memsw.max == PAGE_COUNTER_MAX and b.kmem is IDLE_COUNTER
    k.write(base + "/a/memory.swap.high", "8K", sh)
    assert k.read(base + "/a/memory.swap.high", sh) == "8192\n"
    assert k.read(base + "/a/b/memory.swap.high", sh) == "max\n"
    assert (IDLE_COUNTER.usage, IDLE_COUNTER.max, IDLE_COUNTER.high) == (
        0, PAGE_COUNTER_MAX, PAGE_COUNTER_MAX)
    with pytest.raises(ModelBug):
        IDLE_COUNTER.charge(1)
    assert IDLE_COUNTER.usage == 0
    check_invariants(k)


def test_v1_counters_are_each_memcgs_own():
    """On cgroup v1 every counter is charged (kmem, memsw) or settable: none idle."""
    from memcgsim.kernel.page_counter import IDLE_COUNTER
    k, sh, base = boot("5.13", "v1")
    a = k.memory_root.cgrp.children["a"].subsys["memory"]
    assert IDLE_COUNTER not in (a.memsw, a.kmem, a.tcpmem)
    assert a.kmem.parent is k.memcg.root_mem_cgroup.kmem


def test_v1_event_control_looks_up_the_writers_fds():
    # memcg_write_event_control: fdget(efd) in the writer's table; an open fd that is
    # no eventfd is -EINVAL, a closed one -EBADF (recordings novel-v1-eventfd-forms)
    import memcgsim
    script = "\n".join([
        "M=/sys/fs/cgroup/memory; mkdir $M/a",
        "exec 5< $M/a/memory.usage_in_bytes",
        "echo '5 5' 2>/dev/null > $M/a/cgroup.event_control; echo \"open $?\"",
        "( echo '5 9' 2>/dev/null > $M/a/cgroup.event_control ); echo \"subshell $?\"",
        "echo '5 5' 2>&1 > $M/a/cgroup.event_control | sed 's/.*: //'",
        "exec 5<&-",
        "echo '5 5' 2>&1 > $M/a/cgroup.event_control | sed 's/.*: //'",
    ])
    r = memcgsim.run(script, kernel="6.1", cgroup="v1")
    assert r.stdout.splitlines() == ["open 1", "subshell 1", "Invalid argument",
                                     "Bad file descriptor"]


@pytest.mark.parametrize("cgroup", ["v1", "v2"])
def test_a_write_longer_than_a_page_is_e2big(cgroup):
    """kernfs_fop_write(_iter): past the file's atomic_write_len (PAGE_SIZE for a
    memory file) the write fails with E2BIG and the value stays; a page is taken
    (novel-odd-limit-values, docs/fidelity.md item 277)."""
    k, sh, base = boot("6.1", cgroup)
    f = base + "/a/" + ("memory.max" if cgroup == "v2" else "memory.limit_in_bytes")
    k.write(f, "%4095s" % "64M", sh)
    assert errno_of(k.write, f, "%4097s" % "32M", sh) == errno.E2BIG
    assert k.read(f, sh) == str(64 << 20) + "\n"


def test_cpuset_lists_take_more_than_a_page():
    """cpuset.cpus/mems' max_write_len is 100 + 6 * NR_CPUS: a long write reaches
    the parser (here: only blanks around "0", which it takes)."""
    k, sh, base = boot("6.1", "v2")
    k.write(V2 + "/cgroup.subtree_control", "+cpuset", sh)
    k.write(base + "/a/cpuset.cpus", "%6000s" % "0", sh)
    assert k.read(base + "/a/cpuset.cpus", sh) == "0\n"
