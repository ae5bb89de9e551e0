"""The kmallocs an ``execve`` makes and frees again (kernel/exec_kmallocs.py,
docs/fidelity.md session 29's slab29 item): ``alloc_bprm``, TOMOYO's two page-sized
buffers (design switch ``exec_tomoyo``: Debian's 5.10 and 6.1) and the ELF program
headers, on the exec'ing CPU. They leave no object behind, but a transient object
that takes a CPU slab's last slot makes SLUB take another slab, and its free into
the full one freezes that slab onto the CPU's partial list."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.kernel.slub import CPU, CPU_PARTIAL


def _kernel(design: str):
    k = Kernel(design=design, cgroup="v2", nr_cpus=2, init="busybox", userland="busybox")
    sh = k.spawn("bash")
    return k, sh


def _fill_cpu_slab(cache, cpu: int, leave: int) -> list:
    """Allocate on ``cpu`` until its CPU slab has ``leave`` free objects; returns
    the placements (to free after)."""
    sl = cache.slub
    held = [cache.place(1, cpu)]
    sid = sl.cpu_slab[cpu]
    held.append(cache.place(sl.objects - sl.inuse[sid] - leave, cpu))
    assert sl.cpu_slab[cpu] == sid and sl.objects - sl.inuse[sid] == leave
    return held


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_tomoyo_buffers_leave_no_object_but_freeze_the_full_slab(design):
    """A kmalloc-4k CPU slab with one free slot: TOMOYO's ``ee->tmp`` takes it, the
    realpath buffer a new CPU slab; freeing ``ee->tmp`` into the full slab puts that
    slab on the CPU's partial list. The exec's objects in kmalloc-4k are as before."""
    k, sh = _kernel(design)
    child = k.fork(sh)
    cpu = child.cpu
    c4k = k.slab.kmalloc_plain(4096)
    sl = c4k.slub
    held = _fill_cpu_slab(c4k, cpu, 1)
    full = sl.cpu_slab[cpu]
    structs, slabs = c4k.nr_structs, sl.nr_slabs()
    k.exec(child, "/bin/true")
    assert c4k.nr_structs == structs
    assert sl.inuse[full] == sl.objects - 1
    assert sl.where[full] == CPU_PARTIAL and sl.cpu_slab[cpu] != full
    assert sl.where[sl.cpu_slab[cpu]] == CPU
    assert sl.nr_slabs() >= slabs
    for p in held:
        c4k.unplace(p, cpu)


def test_without_tomoyo_an_exec_leaves_kmalloc_4k_as_it_was():
    """5.13 (the cover letter's build: no TOMOYO switched on): the same exec takes no
    kmalloc-4k object; bprm and the program headers still pass through kmalloc-512
    and kmalloc-1k, leaving their objects as they were."""
    k, sh = _kernel("5.13")
    child = k.fork(sh)
    cpu = child.cpu
    c4k = k.slab.kmalloc_plain(4096)
    held = _fill_cpu_slab(c4k, cpu, 1)
    full = c4k.slub.cpu_slab[cpu]
    before = [k.slab.kmalloc_plain(s).nr_structs for s in (512, 1024)]
    k.exec(child, "/bin/true")
    assert c4k.slub.cpu_slab[cpu] == full and c4k.slub.where[full] == CPU
    assert [k.slab.kmalloc_plain(s).nr_structs for s in (512, 1024)] == before
    for p in held:
        c4k.unplace(p, cpu)


def test_the_transient_objects_are_placed_on_the_exec_cpu():
    """Every transient kmalloc goes through the exec'ing task's CPU's slabs: the
    other CPU's kmalloc-4k CPU slab is untouched."""
    k, sh = _kernel("5.10")
    child = k.fork(sh)
    other = 1 - child.cpu
    c4k = k.slab.kmalloc_plain(4096)
    sl = c4k.slub
    held = _fill_cpu_slab(c4k, other, 1)
    sid, inuse = sl.cpu_slab[other], sl.inuse[sl.cpu_slab[other]]
    k.exec(child, "/bin/true")
    assert sl.cpu_slab[other] == sid and sl.inuse[sid] == inuse
    for p in held:
        c4k.unplace(p, other)


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_getname_takes_a_names_cache_slab_on_a_cpu_that_had_none(design):
    """``do_execve`` → ``getname``: the first exec on a CPU the boot left without a
    ``names_cache`` slab (16 CPUs: no boot state recorded) takes a 32 KiB slab that
    stays there as the CPU's slab, its object given back (``putname``); a second exec
    there takes no other slab, and another CPU's exec takes its own."""
    k = Kernel(design=design, cgroup="v2", nr_cpus=16, init="busybox", userland="busybox")
    sh = k.spawn("bash")
    names = k.slab.cache("names_cache", 4096, account=False)
    sl = names.slub
    assert names.objperslab == 8
    fresh = [c for c in range(16) if sl.cpu_slab[c] is None]
    slabs = sl.nr_slabs()
    child = k.fork(sh)
    child.cpu = cpu = fresh[0]
    k.exec(child, "/bin/true")
    sid = sl.cpu_slab[cpu]
    assert sid is not None and sl.where[sid] == CPU and sl.inuse[sid] == 0
    assert sl.nr_slabs() == slabs + 1
    again = k.fork(sh)
    again.cpu = cpu
    k.exec(again, "/bin/true")
    assert sl.nr_slabs() == slabs + 1 and sl.cpu_slab[cpu] == sid
    other = k.fork(sh)
    other.cpu = fresh[1]
    k.exec(other, "/bin/true")
    assert sl.nr_slabs() == slabs + 2 and sl.cpu_slab[fresh[1]] is not None
