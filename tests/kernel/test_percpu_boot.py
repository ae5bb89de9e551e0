"""What the guests' boot leaves of the per-CPU allocator at each CPU count, and which
areas a cgroup's mkdir makes where (kernel/percpu.py, kernel/sizes), against the
boot traces of tools/sizes/pcpu-boot-trace.sh (tools/sizes/recordings/
pcpu-boot-trace--K-V-Ncpu.txt.gz)."""
import gzip
import os
import re

import pytest

from memcgsim import Kernel

PROBES = os.path.join(os.path.dirname(__file__), "..", "..", "tools", "sizes", "recordings")


def _trace(release: str, cgroup: str, cpus: int) -> str:
    path = os.path.join(PROBES, f"pcpu-boot-trace--{release}-{cgroup}-{cpus}cpu.txt.gz")
    with gzip.open(path, "rt") as f:
        return f.read()


def _first_chunk(text: str) -> str:
    """The first chunk's base: the chunk holding most of the boot's live areas."""
    bases = re.findall(r"^L (\S+) ", text, re.M)
    return max(set(bases), key=bases.count)


def _traced_first_free(text: str) -> int:
    """Bytes free at the end of the first chunk's dynamic region when the script
    started (the trace's live areas; the earliest, before trace_init, are below the
    first traced offset and leave no room)."""
    first = _first_chunk(text)
    ends = [int(off) + int(size) for off, size in
            re.findall(rf"^L {first} (\d+) (\d+) ", text, re.M)]
    return 28672 - max(ends)


def _kernel(design: str, cgroup: str, cpus: int) -> Kernel:
    return Kernel(design=design, cgroup=cgroup, nr_cpus=cpus, init="busybox", debug=False)


def _child(design: str, cgroup: str, cpus: int):
    """A kernel as the guest boots and the memory cgroup "a" made at the root of its
    hierarchy (cgroup2: the controller enabled first): the kernel and the cgroup."""
    k = _kernel(design, cgroup, cpus)
    sh = k.spawn("bash")
    root = "/sys/fs/cgroup" if cgroup == "v2" else "/sys/fs/cgroup/memory"
    if cgroup == "v2":
        k.write(f"{root}/cgroup.subtree_control", "+memory", sh)
    k.mkdir(f"{root}/a", sh)
    return k, next(c for c in k.all_cgroups if c.name == "a")


@pytest.mark.parametrize("cpus", [2, 4, 8, 16])
def test_5_10_boot_layout_is_the_traced_one(cpus):
    """The first chunk ends with the bytes the trace left free (892 at 2 CPUs, 44
    fewer a CPU: the boot's per-CPU areas); the root and memcg chunks are wholly
    free with 3 and 4 pages populated; none of it counts in Percpu's growth."""
    text = _trace("5.10", "v2", cpus)
    assert not re.search(rf"^L (?!{_first_chunk(text)}|\S+ 0 8 )", text, re.M)
    pc = _kernel("5.10", "v2", cpus).percpu
    first = pc.chunks[0]
    assert first.free == [[first.size - _traced_first_free(text), first.size]]
    root, memcg = pc.chunks[1], pc.memcg_chunks[0]
    assert (root.used, len(root.populated), root.nr_empty_pop_pages) == (0, 3, 3)
    assert (memcg.used, len(memcg.populated), memcg.nr_empty_pop_pages) == (0, 4, 4)
    assert pc.populated_bytes() == 0


def test_boot_areas_past_the_first_chunk_stay_in_the_baseline():
    """At 32 CPUs the boot's per-CPU areas (1408 bytes) outgrow the first chunk's
    980: the first chunk is full and the root chunk holds the rest from its start,
    428 bytes as in the guest's trace; it never goes, and Percpu at boot is the
    guest's (70 pages a unit)."""
    text = _trace("5.10", "v2", 32)
    assert _traced_first_free(text) == 0
    spilled = [(int(o), int(s)) for o, s in
               re.findall(rf"^L (?!{_first_chunk(text)})\S+ (\d+) (\d+) ", text, re.M)
               if (o, s) != ("0", "8")]
    assert min(o for o, _ in spilled) == 0
    k = _kernel("5.10", "v2", 32)
    pc = k.percpu
    root = pc.chunks[1]
    assert pc.chunks[0].free == [] and root.boot
    assert root.used == sum(s for _, s in spilled) == 1408 - 980
    assert pc.populated_bytes() == 0
    real = int(re.search(r"Percpu:\s+(\d+) kB", text).group(1))
    model = re.search(r"Percpu:\s+(\d+) kB", k.read("/proc/meminfo", k.spawn("cat")))
    assert int(model.group(1)) == real == 70 * 4 * 32


@pytest.mark.parametrize("cpus", [2, 8])
def test_a_childs_areas_land_where_the_guests_did(cpus):
    """The 13 areas of a memory cgroup made at the cgroup2 root, in the guest's order
    (cgroup_create's, then the memory css's, then perf_event's): the same offsets in
    the same chunks as the trace's first mkdir."""
    text = _trace("5.10", "v2", cpus)
    first = _first_chunk(text)
    lines = re.findall(r"^M mkdir A (\S+) (\d+) (\d+) ", text, re.M)[:13]
    real = sorted(("first" if b == first else "root", int(o), int(s)) for b, o, s in lines)
    k, cg = _child("5.10", "v2", cpus)
    pc = k.percpu
    model = sorted(("first" if chunk.first else "root", off, size)
                   for owner in (cg, ("bpf", cg), cg.subsys["memory"], ("perf_event", cg))
                   for chunk, off, size, _o, _c in pc.areas_of(owner) or ())
    assert model == real


@pytest.mark.parametrize("design,fields", [
    ("5.10", ["cgrp->self.refcnt", "cgrp->psi.pcpu"]),
    ("6.1", ["cgrp->self.refcnt", "cgrp->rstat_cpu", "cgrp->psi.pcpu"]),
    ("5.12", ["cgrp->self.refcnt", "cgrp->psi.pcpu", "cgrp->bpf.refcnt"]),
    ("5.13", ["cgrp->self.refcnt", "cgrp->rstat_cpu", "cgrp->psi.pcpu", "cgrp->bpf.refcnt"])])
def test_a_v1_childs_cgroup_areas(design, fields):
    """A cgroup1 child's own per-CPU areas: the self css's percpu_ref and psi,
    rstat from 5.13 (cgroup1_rstat), cgrp->bpf's percpu_ref where
    cgroup_bpf_inherit still runs on cgroup1 (cgroup1_bpf: not on Debian's 5.10.262
    and 6.1.192, whose v1 traces show none)."""
    k, cg = _child(design, "v1", 2)
    specs = k.sizes.cgroup_pcpu(k.design.cgroup1_rstat, k.design.cgroup1_bpf)
    assert [a.field for a in specs] == fields
    # cgrp->bpf's counter is held apart: cgroup_bpf_release frees it (kernel/perf_bpf.py)
    assert (k.percpu.area_bytes(cg) + k.percpu.area_bytes(("bpf", cg))
            == sum(a.size for a in specs) * 2)


def test_5_10_v1_child_areas_are_the_traced_ones():
    """The v1 trace's two children: 2972 bytes a CPU each, no bpf percpu_ref."""
    text = _trace("5.10", "v1", 2)
    sizes = [int(s) for s in re.findall(r"^M mkdir A \S+ \d+ (\d+) ", text, re.M)]
    assert len(sizes) == 18 and sum(sizes) == 2 * 2972
    assert "cgroup_bpf_inherit" not in text.split("chunks live at start")[1]
    k, cg = _child("5.10", "v1", 2)
    pc = k.percpu
    assert (pc.area_bytes(cg) + pc.area_bytes(cg.subsys["memory"])) // 2 == 2972
