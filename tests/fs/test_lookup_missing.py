"""``Kernel.lookup_missing`` (the churn engine's batch of failed lookups) leaves the
model exactly as the same ``stat()`` calls one by one do."""
from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from memcgsim import Kernel
from memcgsim.fs.vfs import NodeTable
from memcgsim.kernel.dcache import NumberedNames

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
    r = k.init if t.oom_victim else t      # a victim's own read would kill it
    return (k.read("/sys/fs/cgroup/job/memory.current", r),
            k.read("/sys/fs/cgroup/job/memory.stat", r),
            k.read("/proc/sys/fs/dentry-state", r),
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
    bytes: 8 + the name and its NUL), one of 31 does not; on 5.13 from kmalloc-<n>,
    which has no kmalloc-cg caches (docs/fidelity.md item 53)."""
    k, t = _setup("5.13")
    names = ["a" * 31, "b" * 32, "c" * 55, "d" * 56]
    before = {c.name: c.nr_objs for c in k.slab.by_id}
    k.lookup_missing("/var/probe", names, t)
    new = {c.name: c.nr_objs - before.get(c.name, 0) for c in k.slab.by_id}
    assert {n: v for n, v in new.items() if v} == {"dentry": 4, "kmalloc-64": 2,
                                                  "kmalloc-96": 1}


# earlier lookups: numbered batches and single names around the batch's range, files
EARLIER = st.lists(st.one_of(
    st.tuples(st.just("batch"), st.sampled_from(["p-", "p-", "q", "f", "long-" + "x" * 26]),
              st.integers(0, 12), st.integers(0, 6)),
    st.tuples(st.just("stat"), st.sampled_from(["p-", "q", "f", "p-0"]), st.integers(0, 14),
              st.just(0)),
    st.tuples(st.just("file"), st.sampled_from(["p-", "q"]), st.integers(0, 14), st.just(0))),
    max_size=6)


@settings(max_examples=60, deadline=None)
@example(earlier=[("batch", "p-", 0, 6)], stem="p-", start=3, n=6, design="5.13")
@example(earlier=[("batch", "p-", 0, 6), ("file", "p-", 7, 0)], stem="p-", start=6, n=3,
         design="5.13")
@example(earlier=[("stat", "p-", 9, 0)], stem="p-", start=6, n=5, design="6.1")
@given(earlier=EARLIER, stem=st.sampled_from(["p-", "p-", "p-", "q", "f", "",
                                              "long-" + "x" * 26]),
       start=st.integers(0, 12), n=st.integers(0, 8),
       design=st.sampled_from(["5.12", "5.13", "6.1"]))
def test_numbered_names_equal_their_list(earlier, stem, start, n, design):
    """A ``NumberedNames`` batch (checked by stem and range) leaves what the list
    of its names leaves, whatever negative dentries (numbered runs, single names)
    and files of those names exist, names long enough for an external name
    included."""
    states = []
    for as_list in (False, True):
        k, t = _setup(design)
        for kind, s, a, m in earlier:
            if kind == "batch":
                k.lookup_missing("/var/probe", NumberedNames(s, a, m), t)
            elif kind == "stat":
                try:
                    k.stat(f"/var/probe/{s}{a}", t)
                except FileNotFoundError:
                    pass
            else:
                k.write(f"/var/probe/{s}{a}", "z", t)
        names = NumberedNames(stem, start, n)
        k.lookup_missing("/var/probe", list(names) if as_list else names, t)
        states.append(_state(k, t))
    assert states[0] == states[1]


def test_numbered_names_read_as_their_list():
    names = NumberedNames("a/p-", 8, 4)
    assert list(names) == ["a/p-8", "a/p-9", "a/p-10", "a/p-11"] and len(names) == 4
    assert names[0] == "a/p-8" and names[-1] == "a/p-11" and names[1:3] == ["a/p-9", "a/p-10"]
    assert list(names.prefixed("/x/")) == ["/x/" + p for p in names]
    for bad in (("p1", 0, 2), ("p", -1, 2)):
        try:
            NumberedNames(*bad)
        except ValueError:
            continue
        raise AssertionError(bad)


@settings(max_examples=100, deadline=None)
@given(ops=st.lists(st.tuples(st.sampled_from(["set", "setdefault", "update", "del", "pop"]),
                              st.sampled_from(["d/p-1", "d/p-12", "d/p-", "d/q7", "d/p-x1",
                                               "d/p-01", "p-3", "d/p1"])), max_size=12),
       stem=st.sampled_from(["d/p-", "d/q", "p-", "d/p"]), start=st.integers(0, 13))
def test_node_table_stems_find_every_numbered_name(ops, stem, start):
    """``NodeTable.none_numbered`` answers as ``isdisjoint`` of the names,
    whatever was added and removed, and by every way a dict is filled."""
    nodes = NodeTable({"": None, "d/p-2": None})
    for op, path in ops:
        if op == "set":
            nodes[path] = None
        elif op == "setdefault":
            nodes.setdefault(path, None)
        elif op == "update":
            nodes.update({path: None})
        elif op == "del":
            nodes.pop(path, None)
        else:
            nodes.update([(path + "0", None)])
    names = NumberedNames(stem, start, 3)
    assert nodes.none_numbered(names) == nodes.keys().isdisjoint(list(names))
    assert nodes.stems >= {p.rstrip("0123456789") for p in nodes if p[-1:].isdigit()}
