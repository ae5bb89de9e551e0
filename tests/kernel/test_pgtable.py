"""kernel/pgtable.py: a PTE page per 2 MiB range of anonymous memory first faulted
past the program's image (``__pte_alloc``), copied at fork (``copy_pte_range``),
freed at munmap and exit (``free_pgtables``)."""
import pytest

from memcgsim import Kernel
from memcgsim.kernel.fork import BASH_IMAGE, SLEEP_IMAGE

R = "/sys/fs/cgroup"
MIB = 1 << 20


def setup():
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0, debug=True)
    sh = k.spawn("bash")
    for name in ("a", "b"):
        k.mkdir(f"{R}/{name}", sh)
    t = k.fork(sh)
    k.write(R + "/a/cgroup.procs", str(t.pid), sh)
    k.exec(t, "/bin/sleep", ["sleep", "3600"])
    return k, sh, t


def pagetables(k, sh, name):
    """memory.stat ``pagetables`` of ``name``, its stats flushed, in pages."""
    k.memcg.flush_stats()
    for line in k.read(f"{R}/{name}/memory.stat", sh).splitlines():
        key, value = line.split()
        if key == "pagetables":
            return int(value) // 4096
    raise AssertionError("no pagetables line")


def vm_pte_kb(k, sh, t):
    for line in k.read(f"/proc/{t.pid}/status", sh).splitlines():
        if line.startswith("VmPTE:"):
            return int(line.split()[1])
    raise AssertionError("no VmPTE line")


def test_vm_pte_is_the_guests_for_sleep_and_bash():
    """calibration/recordings/pgtables--K-v2.txt: 28 kB for a busybox sleep, 32 kB
    for every bash (the PGD not counted)."""
    k, sh, t = setup()
    assert (vm_pte_kb(k, sh, t), vm_pte_kb(k, sh, sh)) == (28, 32)


@pytest.mark.parametrize("mib,ptes", [(1, 1), (2, 1), (3, 2), (5, 3), (16, 8)])
def test_anon_faults_take_a_pte_page_per_2mib(mib, ptes):
    k, sh, t = setup()
    assert len(t.mm.pgtables) == SLEEP_IMAGE.pgtable_pages == 5
    k.alloc_anon(t, mib * MIB)
    assert len(t.mm.pgtables) == 5 + ptes
    assert pagetables(k, sh, "a") == 5 + ptes
    # VmPTE: mm_pgtables_bytes, the PTE and PMD pages and the 2 PUDs (not the PGD)
    assert vm_pte_kb(k, sh, t) == 4 * (5 + ptes + 2)


def test_a_range_already_mapped_takes_no_new_pte_page():
    k, sh, t = setup()
    k.alloc_anon(t, MIB)
    k.alloc_anon(t, MIB)                # the same 2 MiB range, filled
    assert len(t.mm.pgtables) == 6
    k.alloc_anon(t, 4096)               # the next range's first fault
    assert len(t.mm.pgtables) == 7


def test_fork_copies_the_pte_pages_and_exit_frees_them():
    k, sh, t = setup()
    k.alloc_anon(t, 6 * MIB)
    c = k.fork(t)                       # charged in the parent's context: a
    assert len(c.mm.pgtables) == len(t.mm.pgtables) == 8
    assert pagetables(k, sh, "a") == 16
    k.exit(c)
    k.reap(c)
    assert pagetables(k, sh, "a") == 8
    k.exit(t)
    k.reap(t)
    assert pagetables(k, sh, "a") == 0


def test_munmap_frees_the_pte_pages_of_emptied_ranges():
    k, sh, t = setup()
    k.alloc_anon(t, 5 * MIB)            # 3 ranges
    k.free_anon(t, 4 * MIB)             # 1 MiB left: 1 range
    assert len(t.mm.pgtables) == 6
    assert pagetables(k, sh, "a") == 6
    k.free_anon(t, MIB)
    assert len(t.mm.pgtables) == 5


def test_pte_pages_follow_the_memcg_of_their_fault():
    """A task moved between faults (cgroup v2 moves no charge): its later PTE
    pages are b's, and exit takes each memcg's back (debug=True checks each
    memcg's NR_PAGETABLE against its pages)."""
    k, sh, t = setup()
    k.alloc_anon(t, 2 * MIB)
    k.write(R + "/b/cgroup.procs", str(t.pid), sh)
    k.alloc_anon(t, 3 * MIB)            # two more ranges, faulted in b
    assert (pagetables(k, sh, "a"), pagetables(k, sh, "b")) == (6, 2)
    k.exit(t)
    k.reap(t)
    assert (pagetables(k, sh, "a"), pagetables(k, sh, "b")) == (0, 0)


def test_an_area_past_its_first_2mib_takes_pte_pages():
    """bash's heap (kernel/mmap.py areas): its first 2 MiB is the image's, each
    further range takes a PTE page at its first write, a fork copies them."""
    k, sh, _ = setup()
    k.write(R + "/b/cgroup.procs", str(sh.pid), sh)
    image = BASH_IMAGE.pgtable_pages
    assert len(sh.mm.pgtables) == image
    k.touch(sh, "[heap]", 0, 2000)      # 8 MB: ranges 0..3
    assert len(sh.mm.pgtables) == image + 3
    k.touch(sh, "[heap]", 0, 2000)      # written again: nothing new
    assert len(sh.mm.pgtables) == image + 3
    c = k.fork(sh)
    assert len(c.mm.pgtables) == image + 3
    k.touch(c, "[heap]", 1500, 1500)    # a COW copy in a mapped range
    assert len(c.mm.pgtables) == image + 3
    # b: the heap's three, faulted there, and all the child's (the shell's image
    # tables were charged where it was spawned)
    assert pagetables(k, sh, "b") == 3 + image + 3


def _record_kmem_uncharges(monkeypatch, k):
    """Each ``memcg_kmem_uncharge_pages`` call of page-table pages, as (PTE/PMD
    pages, PGD/PUD pages, whether they go to the CPU's stock)."""
    from memcgsim.kernel.memcontrol import MemoryController
    from memcgsim.kernel.page_alloc import PG_PGDIR, PG_PGTABLE
    calls = []
    orig = MemoryController.memcg_kmem_uncharge_pages

    def rec(self, pfns, free=False, stock=True, item=0, val=0):
        kinds = [k.mem_map.kind[p] for p in pfns]
        if PG_PGTABLE in kinds or PG_PGDIR in kinds:
            calls.append((kinds.count(PG_PGTABLE), kinds.count(PG_PGDIR), stock))
        return orig(self, pfns, free, stock, item, val)
    monkeypatch.setattr(MemoryController, "memcg_kmem_uncharge_pages", rec)
    return calls


def test_exit_gives_page_tables_to_the_counter_and_the_pgd_to_the_stock(monkeypatch):
    """exit_mmap's PTE, PMD and PUD pages go through the mmu_gather (released with
    the anon pages by ``uncharge_batch``: a's counter at once), the PGD to the
    stock of the exiting CPU (``mm_free_pgd``) when the next user task is switched
    in there (``__mmdrop`` of the lazy TLB mm), as both guests' traces show
    (tools/sizes/recordings/stock-pinned-cpus-trace--K-v2-Ncpu.txt.gz; item 146's
    ``mmdrop_sites.py``)."""
    k, sh, t = setup()
    calls = _record_kmem_uncharges(monkeypatch, k)
    a = next(m for m in k.memcg.idr.values() if m.cgroup.name == "a")
    stock = k.memcg.stocks[t.cpu]
    before = stock.nr_pages if stock.cached is a else 0
    k.exit(t)
    assert calls == [(5, 3, False)]
    k.procs.finish_task_switch(t.cpu)
    assert calls == [(5, 3, False), (0, 2, True)]
    assert stock.cached is a and stock.nr_pages >= before + 2


def test_munmap_frees_pte_pages_without_the_stock(monkeypatch):
    k, sh, t = setup()
    k.alloc_anon(t, 6 * MIB)
    calls = _record_kmem_uncharges(monkeypatch, k)
    k.free_anon(t, 6 * MIB)
    assert calls == [(3, 0, False)]
    assert len(t.mm.pgtables) == 5


@pytest.mark.parametrize("design,upper", [("6.1", 5), ("5.10", 4)])
def test_a_new_mm_has_a_p4d_under_five_level_paging(design, upper):
    """6.1's config has CONFIG_X86_5LEVEL (the oracle's CPU has LA57): the PGD's
    two pages, a P4D and two PUDs; 5.10's not: no P4D (traced: every exec's
    ``__p4d_alloc`` on 6.1 and none on 5.10, tools/sizes/recordings/
    stock-mm-trace-*). VmPTE counts neither the PGD nor the P4D."""
    k = Kernel(design=design, cgroup="v2", nr_cpus=2, seed=0, debug=True)
    sh = k.spawn("bash")
    k.mkdir(f"{R}/a", sh)
    t = k.fork(sh)
    k.write(R + "/a/cgroup.procs", str(t.pid), sh)
    k.exec(t, "/bin/sleep", ["sleep", "3600"])
    assert len(t.mm.upper) == upper
    assert vm_pte_kb(k, sh, t) == 28


@pytest.mark.parametrize("design,shifted", [("6.1", 4), ("5.10", 2)])
def test_exec_shifts_the_stack_page_tables_through_the_stock_to_the_counter(
        monkeypatch, design, shifted):
    """``shift_arg_pages`` takes the final stack's page tables (charged: from the
    CPU's stock) and frees the argument stack's first ones through the mmu_gather
    (the counter at once): 6.1's P4D, PUD, PMD and PTE, 5.10's PMD and PTE, as the
    guests' traces show; the image's live page tables are unchanged."""
    k = Kernel(design=design, cgroup="v2", nr_cpus=2, seed=0, debug=True)
    sh = k.spawn("bash")
    k.mkdir(f"{R}/a", sh)
    t = k.fork(sh)
    k.write(R + "/a/cgroup.procs", str(t.pid), sh)
    calls = _record_kmem_uncharges(monkeypatch, k)
    a = next(m for m in k.memcg.idr.values() if m.cgroup.name == "a")
    stock = k.memcg.stocks[t.cpu]
    k.exec(t, "/bin/sleep", ["sleep", "3600"])
    assert (shifted, 0, False) in calls
    held = a.memory.usage - (stock.nr_pages if stock.cached is a else 0)
    k.exec(t, "/bin/sleep", ["sleep", "3600"])
    # the second exec: the same image again for the old, whose PGD went to the
    # stock: the shifted pages left nothing charged
    assert a.memory.usage - (stock.nr_pages if stock.cached is a else 0) == held
    assert len(t.mm.pgtables) == SLEEP_IMAGE.pgtable_pages
    if design == "6.1":         # (5.10's cgroup2 memory.stat has no pagetables)
        assert pagetables(k, sh, "a") == SLEEP_IMAGE.pgtable_pages


def test_the_mmap_region_takes_its_page_tables_at_its_first_fault_and_munmap_frees_them():
    """kernel/mmap_layout.py: a static program's first ``mmap``'d area takes a PMD and
    a PTE page (``NR_PAGETABLE``), and a PUD when the region lies in another 512 GiB
    slot than the stack, at its first fault; a second area shares them; a fork's
    child copies them; the last area's munmap frees them."""
    k, sh, t = setup()
    mm = t.mm
    pud = int(mm.mmap_apart)
    before = (len(mm.pgtables), len(mm.upper), pagetables(k, sh, "a"), vm_pte_kb(k, sh, t))
    k.mmap_anon(t, "[buf]", 64 * 1024)
    assert len(mm.pgtables) == before[0]            # nothing until a fault
    k.touch(t, "[buf]", 0, 15)
    k.mmap_anon(t, "[buf2]", 8192)
    k.touch(t, "[buf2]", 0, 1)
    assert (len(mm.pgtables), len(mm.upper)) == (before[0] + 2, before[1] + pud)
    k.memcg.stats.force_flush()     # 6.1's rstat flushes past a threshold only
    assert pagetables(k, sh, "a") == before[2] + 2
    assert vm_pte_kb(k, sh, t) == before[3] + 4 * (2 + pud)
    child = k.fork(t)
    assert (len(child.mm.pgtables), len(child.mm.upper)) == (len(mm.pgtables), len(mm.upper))
    k.munmap(t, "[buf]")
    assert len(mm.pgtables) == before[0] + 2        # [buf2] still maps the region
    k.munmap(t, "[buf2]")
    k.memcg.stats.force_flush()
    assert (len(mm.pgtables), len(mm.upper)) == before[:2]
    assert pagetables(k, sh, "a") == before[2] + len(child.mm.pgtables)     # the child's


def test_the_mmap_region_is_apart_from_the_stack_by_its_random_offset():
    """``mmap_base``: 16 GiB + 9 MiB below the 47-bit window's top, less 0 to 1 TiB:
    in the stack's 512 GiB slot for the smallest offsets, in the next one below
    for the largest; about half the execs either way."""
    from memcgsim.kernel.mmap_layout import MMAP_RND_BITS, MmapLayout, region_apart
    assert not region_apart(0)
    assert region_apart((1 << MMAP_RND_BITS) - 1)
    k, _, _ = setup()
    layout = MmapLayout(k)
    draws = [layout.pick() for _ in range(400)]
    assert 0.4 < sum(draws) / len(draws) < 0.65
