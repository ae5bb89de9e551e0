"""``Kernel.lookup_missing`` (the churn engine's batch of failed lookups) leaves the
model exactly as the same ``stat()`` calls one by one do."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from memcgsim import Kernel

NAMES = st.lists(st.one_of(st.sampled_from(["f0", "f1", "dir"]),
                           st.from_regex(r"[a-z]{1,8}", fullmatch=True),
                           st.from_regex(r"long-[a-z]{30,40}", fullmatch=True),
                           # around DNAME_INLINE_LEN and the kmalloc-64/96 boundary
                           st.from_regex(r"[a-z]{30,34}|[a-z]{54,58}", fullmatch=True)),
                 max_size=30)


def _setup(design: str):
    k = Kernel(design=design, cgroup="v2")
    init = k.spawn("bash")
    k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", init)
    k.mkdir("/sys/fs/cgroup/job", init)
    t = k.fork(init)
    k.write("/sys/fs/cgroup/job/cgroup.procs", str(t.pid), init)
    k.mkdir("/var/probe", t)
    for f in ("f0", "f1"):
        k.write(f"/var/probe/{f}", "x", t)
    k.mkdir("/var/probe/dir", t)
    k.stat("/var/probe/f1", init)     # the last block touched: another one
    k.write("/var/other", "y", init)
    return k, t


def _state(k: Kernel, t) -> tuple:
    return (k.read("/sys/fs/cgroup/job/memory.current", t),
            k.read("/sys/fs/cgroup/job/memory.stat", t),
            k.read("/proc/sys/fs/dentry-state", t),
            sorted((p, d.memcg.id)
                   for p, d in k.filemap.negative.items()),
            sorted(k.filemap.lru_paths(k.task_memcg(t))),
            [[index for _, index in lru] for lru in k.buffers.bh_lrus])


@settings(max_examples=40, deadline=None)
@given(names=NAMES, design=st.sampled_from(["5.12", "5.13", "6.1"]))
def test_batch_equals_one_by_one(names, design):
    k1, t1 = _setup(design)
    for n in names:
        try:
            k1.stat(f"/var/probe/{n}", t1)
        except FileNotFoundError:
            pass
    k2, t2 = _setup(design)
    k2.lookup_missing("/var/probe", names, t2)
    assert _state(k1, t1) == _state(k2, t2)


def test_external_names():
    """A name of ``DNAME_INLINE_LEN`` (32) characters or more gets an external name
    (``__d_alloc``: ``kmalloc`` of ``offsetof(struct external_name, name[1]) + len``
    bytes: 8 + the name and its NUL), one of 31 does not."""
    k, t = _setup("5.13")
    names = ["a" * 31, "b" * 32, "c" * 55, "d" * 56]
    before = {c.name: c.nr_objs for c in k.slab.by_id}
    k.lookup_missing("/var/probe", names, t)
    new = {c.name: c.nr_objs - before.get(c.name, 0) for c in k.slab.by_id}
    assert {n: v for n, v in new.items() if v} == {"dentry": 4, "kmalloc-cg-64": 2,
                                                  "kmalloc-cg-96": 1}
