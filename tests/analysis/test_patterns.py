"""Explanations that scale (issue 16): dying cgroups grouped by their pattern of
pins, ranked by bytes, each named by its cgroup ID and css serial."""
import os

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from memcgsim import Kernel
from memcgsim.analysis.explain import RELEASE, DyingCgroup, Holder, PinGroup, explain
from memcgsim.analysis.patterns import (describe, explain_text, fmt_bytes, group,
                                        pattern_key)
from memcgsim.shell import run_script

SHARED = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared")
SEED = os.path.join(SHARED, "seed", "kmem_test.sh")
needs_shared = pytest.mark.skipif(not os.path.isdir(SHARED), reason="shared/ not beside the project")

#: one sleeper's kernel stack in a, 100 pages of a tmpfs file's cache in b, both removed
TWO_PATTERNS = """
cd /sys/fs/cgroup/memory
mkdir a b
echo $$ > a/cgroup.procs
sleep 100 &
echo $$ > cgroup.procs
echo $! > cgroup.procs
rmdir a
echo $$ > b/cgroup.procs
head -c 409600 /dev/zero > /dev/shm/f
echo $$ > cgroup.procs
rmdir b
"""


def seed_5_12():
    with open(SEED) as f:
        text = f.read()
    k = Kernel(design="5.12", cgroup="v1")
    run_script(k, text, "kmem_test.sh")
    return k


@needs_shared
def test_seed_is_one_pattern_named_by_kernel_ids():
    k = seed_5_12()
    ds = explain(k)
    groups = group(ds)
    # a few sleeps exec only after the shell moved them back (the fork race,
    # kernel/sched.py): their page tables are charged to the root, a second pattern
    g = groups[0]
    assert len(g.cgroups) >= 490 and g.where == "/kmem_test"
    assert g.description == "4 kernel-stack + 5 page-table + 5 pgd/pud pages of one `sleep 3600` each"
    assert g.pattern_bytes == 14 * k.page_size
    assert sum(x.bytes for x in groups) == sum(d.bytes for d in ds)
    assert all(x.description == "4 kernel-stack pages of one `sleep 3600` each"
               for x in groups[1:]) and len(groups) <= 2
    # distinct cgroup IDs (kernfs inode numbers, as stat shows them) and serials
    assert len({d.cgroup_id for d in ds}) == 500
    sh = k.spawn("bash")
    k.mkdir("/sys/fs/cgroup/memory/live", sh)
    from memcgsim.analysis.tree import tree_lines
    (row,) = [r for r in tree_lines(k) if r["path"] == "/live"]
    assert row["cgroup_id"] == k.stat("/sys/fs/cgroup/memory/live", sh).st_ino > ds[-1].cgroup_id
    # serial_nr: each mkdir takes one for the cgroup's self css, one for its memory css
    serials = [d.css_serial for d in ds]
    assert [b - a for a, b in zip(serials, serials[1:])] == [2] * 499
    # the memcg ID is released at offline: no ID, but the cgroup ID names it
    assert all(d.memcg_id is None and d.state == "offline" for d in ds)
    assert [d.removed_at for d in ds] == sorted(d.removed_at for d in ds)


@needs_shared
def test_seed_text_fits_and_names_the_common_pin():
    k = seed_5_12()
    ds = explain(k)
    text = explain_text(ds)
    lines = text.splitlines()
    assert len(lines) <= 20
    assert lines[0].startswith("500 dying memory cgroups cost the host ")
    n = len(group(ds)[0].cgroups)
    assert lines[1] == f"{n} × /kmem_test: 4 kernel-stack + 5 page-table + 5 pgd/pud pages " \
                       "of one `sleep 3600` each"
    assert f"cgroup IDs {ds[0].cgroup_id}…" in text
    assert "memcg IDs released at offline" in text
    full = explain_text(ds, full=True).splitlines()
    # a line per cgroup, a line per holder, two per reference kind
    assert len(full) == 1 + sum(1 + 2 * len(d.pins) + len(d.holders) for d in ds)
    assert sum(line.startswith("/kmem_test: cgroup ID ") for line in full) == 500


def test_patterns_ranked_by_bytes_and_top():
    k = Kernel(design="5.12", cgroup="v1")
    r = run_script(k, TWO_PATTERNS, "two.sh")
    assert r.status == 0, r.stderr
    ds = explain(k)
    groups = group(ds)
    assert [g.where for g in groups] == ["/b", "/a"]
    assert groups[0].bytes >= 100 * k.page_size > groups[1].bytes
    assert "100 shmem pages of one inode" in groups[0].description
    assert groups[1].description.startswith("4 kernel-stack + ")
    assert groups[1].description.endswith("pages of one `sleep 100`")
    top1 = explain_text(ds, top=1)
    assert "1 × /b: " in top1 and "1 × /a: " not in top1
    assert top1.splitlines()[-1].startswith("... and 1 more patterns (1 cgroups, ")


def _cg(serial, holders):
    pins = {}
    for h in holders:
        pins.setdefault(h.ref, []).append(h)
    groups = [PinGroup(ref, sum(h.references for h in hs), hs) for ref, hs in sorted(pins.items())]
    return DyingCgroup(path=f"/c{serial % 3}", cgroup_id=serial + 1000, css_serial=serial,
                       memcg_id=None, state="offline", removed_at=serial / 10,
                       offline_seconds=1.0, pins=groups,
                       bytes=sum(h.bytes for h in holders))


HOLDER = st.builds(
    lambda kind, pid, pages, stock: Holder(
        kind="stock" if stock else kind, ref="stock" if stock else "kmem page",
        references=max(1, pages), pages=pages, bytes=pages * 4096, pid=None if stock else pid,
        comm="sleep", cmdline=f"sleep {pid % 2}", inode=None,
        name="0" if stock else None, since=0.0, released_by=RELEASE["kmem page"][0],
        freed_at_rmdir_by=RELEASE["kmem page"][1]),
    st.sampled_from(["kernel-stack", "page-table"]), st.integers(1, 4), st.integers(0, 3),
    st.booleans())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(HOLDER, max_size=4), max_size=12))
def test_groups_partition_cgroups_by_identical_pattern(holder_lists):
    ds = [_cg(i, hs) for i, hs in enumerate(holder_lists)]
    groups = group(ds)
    assert sorted(d.css_serial for g in groups for d in g.cgroups) == list(range(len(ds)))
    assert len({g.key for g in groups}) == len(groups)
    for g in groups:
        assert {pattern_key(d) for d in g.cgroups} == {g.key}
        assert {describe(d) for d in g.cgroups} == {describe(g.cgroups[0])}
    assert [g.bytes for g in groups] == sorted((g.bytes for g in groups), reverse=True)


def test_fmt_bytes():
    assert [fmt_bytes(n) for n in (0, 1023, 1024, 1536, 9 * 4096 * 500, 3 << 30)] == \
        ["0 B", "1023 B", "1.0 KiB", "1.5 KiB", "17.6 MiB", "3.0 GiB"]


def test_parent_and_children_waiting_for_offline():
    """Right after rmdir (before the grace period) every cgroup still holds its memcg
    ID, and the parent its dying child's css: described, not hidden."""
    k = Kernel(design="6.1", cgroup="v2")
    sh = k.spawn("bash")
    R = "/sys/fs/cgroup"
    k.mkdir(R + "/p", sh)
    k.write(R + "/p/cgroup.subtree_control", "+memory", sh)
    k.mkdir(R + "/p/c", sh)
    k.rmdir(R + "/p/c", sh)
    k.rmdir(R + "/p", sh)
    ds = explain(k)
    assert [(d.path, d.state) for d in ds] == [("/p/c", "dying"), ("/p", "dying")]
    assert all(d.memcg_id is not None for d in ds)
    text = explain_text(ds).splitlines()
    assert "1 × /p: one dying child cgroup; its memcg ID, held until offline" in text
    assert "1 × /p/c: its memcg ID, held until offline" in text
    k.advance(1)
    assert explain(k) == []


def test_a_released_memcg_waiting_for_its_free_is_named():
    """Between its release (no reference left) and ``css_free_rwork_fn`` a grace
    period later, a removed memcg is still counted; the explanation says what it
    waits for rather than that nothing holds it."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", sh)
    k.mkdir("/sys/fs/cgroup/a", sh)
    k.rmdir("/sys/fs/cgroup/a", sh)
    for _ in range(200):            # to the release: offline, base reference, work
        (m,) = k.memcg.dying_memcgs()
        if m.state == "released":
            break
        k.advance(0.0001)
    (d,) = explain(k)
    assert d.state == "released" and "waits for an RCU grace period" in describe(d)
    k.advance(1.0)
    assert explain(k) == []
