"""6.1's partial chunk depopulation (kernel/percpu.py: ``pcpu_should_reclaim_chunk``
at the free, ``pcpu_reclaim_populated`` in the balance work; docs/fidelity.md item
194): which chunk the rmdirs' frees depopulate depends on the order they come in,
as tools/sizes/pcpu-reclaim-trace.sh showed at 16 and 64 CPUs."""
from memcgsim import Kernel
from memcgsim.kernel.percpu import SIDELINED

PAGE = 4096


def _filled():
    """A 6.1 model at 8 CPUs (64-page units) with 140 one-page areas: the boot's
    chunk takes 63 of them, a second chunk 64, a third the rest (4 empty pages
    populated ahead by the balance work)."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=8, init="busybox")
    pc = k.percpu
    areas = [pc.pcpu_alloc(PAGE, PAGE) for _ in range(140)]
    k.advance(1.0)
    boot, second, third = (c for c in pc.chunks if not c.first)
    assert boot.boot and len(boot.populated) == second.used // PAGE == 64
    assert third.nr_empty_pop_pages == 4
    held = {id(c): [a for a in areas if a[0] is c] for c in (boot, second, third)}
    return k, pc, boot, second, held


def _free(pc, areas):
    for chunk, off, size in areas:
        pc.free_percpu(chunk, off, size)


def test_frees_in_order_leave_the_boot_chunk_populated():
    """The boot's chunk emptied first, while the others hold only the 4 empty pages
    the balance work keeps, is never isolated: it keeps its 64 pages; the chunk
    emptied after it is isolated against them and depopulated by the work."""
    k, pc, boot, second, held = _filled()
    _free(pc, held[id(boot)])
    assert not boot.isolated and boot.nr_empty_pop_pages == 63
    _free(pc, held[id(second)])
    assert second.isolated and len(second.populated) == 64      # the work to come
    k.advance(1.0)
    assert len(boot.populated) == 64 and not boot.isolated
    assert second not in pc.chunks or not second.populated


def test_a_page_of_the_next_chunk_freed_first_depopulates_the_boot_chunk():
    """Two pages of the next chunk emptied before the boot chunk's frees (the
    guests' css_free works at 64 CPUs): the boot chunk is isolated, its empty pages
    leave ``pcpu_nr_empty_pop_pages``, and the work depopulates all but the page
    the boot's areas hold; still in use, it is sidelined."""
    k, pc, boot, second, held = _filled()
    _free(pc, held[id(second)][:2])
    _free(pc, held[id(boot)])
    assert boot.isolated and pc.nr_empty_pop_pages(pc.chunks) == 4 + 2
    k.advance(1.0)
    assert len(boot.populated) == 1 and boot.isolated == SIDELINED
