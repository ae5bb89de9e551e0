"""A removed cgroup lets go of its perf_event css and its bpf percpu_ref soon after
the rmdir, whatever keeps its memory css dying (kernel/perf_bpf.py)."""
from __future__ import annotations

import pytest

from memcgsim import Kernel

V2 = "/sys/fs/cgroup"


def _pinned_child(design: str, cgroup: str = "v2"):
    """A child whose memcg a page-cache page keeps dying after its rmdir."""
    k = Kernel(design=design, cgroup=cgroup, nr_cpus=2, debug=True)
    root = V2 if cgroup == "v2" else V2 + "/memory"
    sh = k.spawn("bash")
    k.mkdir(root + "/c", sh)
    t = k.fork(sh)
    k.write(root + "/c/cgroup.procs", str(t.pid), t)
    cgrp = next(c for c in k.all_cgroups if c.name == "c")
    k.write("/tmp/f", "x" * 4096, t)
    k.exit(t)
    k.reap(t)
    return k, sh, root, cgrp


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_perf_css_and_bpf_ref_go_while_the_memcg_stays_dying(design):
    k, sh, root, cgrp = _pinned_child(design)
    slab, pcpu = k.slab, k.percpu
    assert ("perf_event", cgrp) in slab.structs and ("bpf", cgrp) in slab.structs
    perf_id = cgrp.perf_css_id
    c256 = slab.caches["kmalloc-256"]
    before = c256.nr_structs
    k.rmdir(root + "/c", sh)
    k.advance(1)
    assert cgrp in k.all_cgroups                        # dying: its page pins the memcg
    assert ("perf_event", cgrp) not in slab.structs and ("bpf", cgrp) not in slab.structs
    assert pcpu.areas_of(("perf_event", cgrp)) is None and pcpu.areas_of(("bpf", cgrp)) is None
    assert cgrp.perf_css_id is None and k.cgroups.css_idr["perf_event"].alloc() == perf_id
    assert c256.nr_structs == before - 1                # the perf_cgroup (208 bytes)


def test_v1_without_cgroup1_bpf_has_neither():
    """Debian's 5.10 and 6.1 run cgroup_bpf_inherit on cgroup2 only; cgroup1 has no
    implicit perf_event css."""
    k = Kernel(design="6.1", cgroup="v1", nr_cpus=2)
    sh = k.spawn("bash")
    k.mkdir(V2 + "/memory/c", sh)
    cgrp = next(c for c in k.all_cgroups if c.name == "c")
    assert ("perf_event", cgrp) not in k.slab.structs and ("bpf", cgrp) not in k.slab.structs
    assert cgrp.perf_css_id is None


def test_a_zombies_css_set_keeps_the_perf_css():
    """An unreaped task's css_set holds its cgroup's perf_event css: released when the
    css_set goes (put_css_set_locked), then freed a grace period later; the bpf
    percpu_ref goes at once."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, debug=True)
    sh = k.spawn("bash")
    k.mkdir(V2 + "/z", sh)
    t = k.fork(sh)
    k.write(V2 + "/z/cgroup.procs", str(t.pid), t)
    cgrp = next(c for c in k.all_cgroups if c.name == "z")
    k.exit(t)                                           # a zombie: rmdir succeeds
    k.rmdir(V2 + "/z", sh)
    k.advance(1)
    assert ("bpf", cgrp) not in k.slab.structs
    assert ("perf_event", cgrp) in k.slab.structs and cgrp.perf_css_id is not None
    k.reap(t)
    k.advance(1)
    assert ("perf_event", cgrp) not in k.slab.structs and cgrp.perf_css_id is None
