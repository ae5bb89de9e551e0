"""drop_caches=2 as the superblock shrinkers do it (kernel/filemap.py
``prune_unused``): unused dentries and inodes of a disk go, an evicted inode is read
again at its next lookup, charged to the reader; an open file's stay; 5.10 strips an
unused inode's page cache, 6.1 keeps such an inode (``inode_lru_skips_pagecache``)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from memcgsim import Kernel
from memcgsim.designs import DESIGNS
from memcgsim.kernel.filemap import Filemap
from memcgsim.kernel.page_alloc import PG_BUFFER, PG_FILE, PG_SHMEM, PG_SHMEM_ACTIVE
from memcgsim.shell import run_script

V2 = "/sys/fs/cgroup"
W = "/mnt/disk/work"


def _stat(k, cg: str, key: str) -> int:
    """``cg``'s memory.stat ``key`` once every CPU's stocks are drained (6.1's obj
    stocks hold up to a page of each slab item back: docs/fidelity.md item 50)."""
    with k.running(k.init):
        k.memcg.drain_all_stock(k.memcg.root_mem_cgroup)
    k.clock.run_until(k.clock.now_ns + 10_000_000)      # the drain works
    for line in k.read(f"{V2}/{cg}/memory.stat", k.init).splitlines():
        name, value = line.split()
        if name == key:
            return int(value)
    raise KeyError(key)


def _file_in(k, cg: str, path: str, size: int):
    """A shell moved into ``cg`` writes ``size`` bytes to ``path``; returns it."""
    sh = k.spawn("bash")
    k.write(f"{V2}/{cg}/cgroup.procs", str(sh.pid), sh)
    k.write(path, "x" * size, sh)
    return sh


def _setup(design: str):
    # memory.stat's slab as every update reaches it: the scripts below read it
    # without a drain, and 6.1's obj stocks would hold an object's bytes back
    # (obj_stock_caches_vmstat, docs/fidelity.md item 50: not what these test)
    k = Kernel(design=replace(DESIGNS[design], obj_stock_caches_vmstat=False),
               cgroup="v2", init="busybox", debug=True)
    k.write(V2 + "/cgroup.subtree_control", "+memory", k.init)
    k.mkdir(V2 + "/g", k.init)
    return k


def test_unused_inode_is_evicted_and_read_again_by_the_next_reader():
    k = _setup("6.1")
    sh = _file_in(k, "g", W + "/f", 100)
    run_script(k, "sync", "s.sh")               # a dirty inode is not evicted
    k.write("/proc/sys/vm/drop_caches", "3", k.init)
    k.advance(3)
    slab_after = _stat(k, "g", "slab_reclaimable")
    assert slab_after == 0                      # inode and dentry freed (6.1: exact stats)
    k.mkdir(V2 + "/r", k.init)
    k.write(f"{V2}/r/cgroup.procs", str(sh.pid), sh)
    assert k.read(W + "/f", sh) == "x" * 100
    k.advance(3)
    # ext4_iget and d_alloc charged to the reader's memcg, as is the page read
    assert _stat(k, "r", "slab_reclaimable") >= k.sizes.slab_objsize("ext4_inode_cache")
    assert _stat(k, "r", "file") >= 4096


def test_open_file_keeps_its_inode_and_dentry():
    k = _setup("6.1")
    res = run_script(k, f"""
: > {W}/first
echo $$ > {V2}/g/cgroup.procs
head -c 8192 /dev/zero > {W}/a
head -c 8192 /dev/zero > {W}/b
sleep 100 3< {W}/a &
echo $$ > {V2}/cgroup.procs
sync
echo 3 > /proc/sys/vm/drop_caches
grep -E '^(file|slab_reclaimable) ' {V2}/g/memory.stat
kill $!
wait
echo 2 > /proc/sys/vm/drop_caches
grep -E '^slab_reclaimable ' {V2}/g/memory.stat
""", "t.sh")
    lines = res.stdout.splitlines()
    assert lines[0] == "file 0"                  # the open file's pages go all the same
    held = int(lines[1].split()[1])
    # a's inode and dentry stay while the sleep holds it; b's are gone
    objs = k.sizes.slab_objsize("ext4_inode_cache") + 192
    assert objs <= held < 2 * objs
    assert lines[2] == "slab_reclaimable 0"


@pytest.mark.parametrize("design,after_drop2", [("5.10", 0), ("6.1", 1)])
def test_drop2_alone_and_a_dying_memcg_pinned_by_page_cache(design, after_drop2):
    """5.10's inode shrinker invalidates an unused inode's pages and evicts it, so
    the dying memcg its pages pinned goes; 6.1 keeps the inode off its LRU until
    drop_caches=1 empties it, and the inode (dirty at the offline, so not switched
    away) keeps the memcg's wb, and the wb the memcg, until a drop_caches=2 evicts
    it (kernel/backing_dev.py)."""
    k = Kernel(design=design, cgroup="v2", init="busybox", debug=True)
    k.write(V2 + "/cgroup.subtree_control", "+memory", k.init)
    k.mkdir(V2 + "/p", k.init)
    k.write(V2 + "/p/cgroup.subtree_control", "+memory", k.init)
    k.mkdir(V2 + "/p/c", k.init)
    sh = k.spawn("bash")
    # the directory block and inode table block read first by the root (no pin)
    k.write(W + "/first", "", sh)
    k.write(V2 + "/p/c/cgroup.procs", str(sh.pid), sh)
    k.write(W + "/big", "y" * 16384, sh)
    k.write(V2 + "/cgroup.procs", str(sh.pid), sh)
    k.rmdir(V2 + "/p/c", sh)
    run_script(k, "sync", "s.sh")

    def dying() -> int:
        k.advance(1)
        stat = k.read(V2 + "/p/cgroup.stat", k.init)
        return int(stat.split("nr_dying_descendants ")[1].split()[0])

    assert dying() == 1
    k.write("/proc/sys/vm/drop_caches", "2", k.init)
    assert dying() == after_drop2
    # the 4 pages invalidated with the inode count as PGINODESTEAL (fs/inode.c
    # inode_lru_isolate, v5.10), not as reclaimed: no reclaim is under way
    steal = [ln for ln in k.read("/proc/vmstat", k.init).splitlines()
             if ln.startswith(("pginodesteal ", "kswapd_inodesteal "))]
    assert steal == ["pginodesteal " + str(4 * (1 - after_drop2)), "kswapd_inodesteal 0"]
    assert k.vmscan.reclaimed_slab is None
    k.write("/proc/sys/vm/drop_caches", "1", k.init)
    assert dying() == after_drop2
    k.write("/proc/sys/vm/drop_caches", "2", k.init)
    assert dying() == 0


def test_drop1_leaves_dirty_pages():
    """``invalidate_mapping_pages`` skips a dirty page: a file written and not yet
    written back keeps its pages through drop_caches=1, a synced one does not."""
    k = _setup("6.1")
    sh = _file_in(k, "g", W + "/d", 8192)
    k.advance(3)
    written = _stat(k, "g", "file")
    k.write("/proc/sys/vm/drop_caches", "1", k.init)
    k.advance(3)
    assert _stat(k, "g", "file_dirty") == 8192
    assert _stat(k, "g", "file") == written
    run_script(k, "sync", "s.sh")
    k.write("/proc/sys/vm/drop_caches", "1", k.init)
    k.advance(3)
    assert _stat(k, "g", "file") == written - 8192      # the data pages (metadata busy)
    del sh


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_drop1_walks_inodes_newest_first_and_pages_by_index(design, monkeypatch):
    """``drop_pagecache_sb`` walks ``s_inodes`` from its head (``inode_sb_list_add``'s
    ``list_add``: the newest inode first) and each inode's pages by index, not the
    order pages entered the cache: b (made after a) goes first though a's pages came
    first, and an inode evicted and read again is a new one at the head. An inode
    holding only shadow entries is skipped on 5.10 (``nrpages == 0``) and has them
    cleared on 6.1 (``mapping_empty``: design ``drop_pagecache_shadow_inodes``)."""
    k = Kernel(design=design, cgroup="v2", init="busybox", debug=True)
    run_script(k, f"""
: > {W}/a
: > {W}/b
: > {W}/c
head -c 8192 /dev/zero > {W}/a
head -c 12288 /dev/zero > {W}/b
head -c 4096 /dev/zero > {W}/c
sync
""", "s.sh")
    fs = k.vfs.mounts["/mnt/disk"]
    a, b, c = (fs.nodes["work/" + n] for n in "abc")
    fm = k.filemap
    # c's page reclaimed (``__remove_mapping`` with a shadow entry): shadows only
    fm.delete_from_page_cache(c.pages[0], shadow=k.memcg.root_mem_cgroup)
    assert c.pages.shadows == {0} and c in fm.shadowed
    gone: list = []
    delete = Filemap.delete_from_page_cache

    def spy(self, pfn, shadow=None, free=True):
        gone.append((self.pages.get(pfn), self.pages.index[pfn]))
        return delete(self, pfn, shadow, free)

    monkeypatch.setattr(Filemap, "delete_from_page_cache", spy)
    k.write("/proc/sys/vm/drop_caches", "1", k.init)
    assert gone == [(b, 0), (b, 1), (b, 2), (a, 0), (a, 1)]
    if design == "6.1":
        assert not c.pages.shadows and c not in fm.shadowed
    else:
        assert c.pages.shadows == {0} and c in fm.shadowed
    # both evicted (drop_caches 2), then b read before a: a is now the newest
    k.write("/proc/sys/vm/drop_caches", "2", k.init)
    assert a.slab is None and b.slab is None
    run_script(k, f"cat {W}/b {W}/a > /dev/null", "r.sh")
    assert a.i_sb_list > b.i_sb_list > c.i_sb_list
    gone.clear()
    k.write("/proc/sys/vm/drop_caches", "1", k.init)
    assert gone == [(a, 0), (a, 1), (b, 0), (b, 1), (b, 2)]


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_drop1_deactivates_the_pages_it_keeps(design):
    """``deactivate_file_page``/``deactivate_file_folio`` → ``lru_deactivate_file_fn``
    of what ``invalidate_mapping_pages`` keeps: a dirty data page and a tmpfs page
    (read twice: active) go to the head of their inactive lists with PG_reclaim,
    PG_referenced cleared, PGDEACTIVATE each; a block device page whose buffers are
    busy (clean) to the file list's tail with PGROTATED; a binary's page a process
    maps stays where it is. The flusher's write of a PG_reclaim page rotates it
    (PGROTATED); two buffer lookups activate a metadata page again."""
    k = Kernel(design=design, cgroup="v2", init="busybox", userland="busybox",
               debug=True)
    run_script(k, f"""echo +memory > {V2}/cgroup.subtree_control; mkdir {V2}/g
echo $$ > {V2}/g/cgroup.procs
head -c 16384 /dev/zero > {W}/d; cat {W}/d {W}/d > /dev/null
head -c 8192 /dev/zero > /tmp/s; cat /tmp/s /tmp/s > /dev/null
echo $$ > {V2}/cgroup.procs
""", "s.sh")
    fm, wb, kinds = k.filemap, k.writeback, k.mem_map.kind
    g = next(m for m in k.vmscan.subtree(k.memcg.root_mem_cgroup)
             if m.cgroup is not None and m.cgroup.name == "g")
    d = k.vfs.mounts["/mnt/disk"].nodes["work/d"]
    s = k.vfs.mounts["/tmp"].nodes["s"]
    dp, sp = [d.pages[i] for i in range(4)], [s.pages[i] for i in range(2)]
    assert {kinds[p] for p in dp} == {PG_BUFFER} and {kinds[p] for p in sp} == {PG_SHMEM_ACTIVE}
    binary = k.procs.initramfs.binary_pages("busybox")
    mapped = [p for p in binary if p in k.procs.initramfs.mapped]
    root_anon = k.memcg.root_mem_cgroup.lru_anon
    rotated = wb.events["pgrotated"]
    # the block device's pages, by index (the walk's order)
    bdev = sorted((p for p in fm.pages.pfns() if fm.pages.get(p).bdev),
                  key=fm.pages.index.__getitem__)
    clean = [p for p in bdev if not fm.page_dirty(p)]
    assert clean and {kinds[p] for p in bdev} == {PG_BUFFER}
    vm_before = k.vmscan.vm_events["pgdeactivate"]
    k.write("/proc/sys/vm/drop_caches", "1", k.init)
    # /proc/vmstat's PGDEACTIVATE: every active page deactivated, whatever its memcg
    assert k.vmscan.vm_events["pgdeactivate"] == vm_before + 6 + len(bdev)
    assert {kinds[p] for p in dp} == {PG_FILE} and {kinds[p] for p in sp} == {PG_SHMEM}
    assert not any(fm.referenced[p] for p in dp + sp) and wb.reclaim >= set(dp + sp)
    assert g.lru_file.pfns()[-4:] == dp and g.lru_anon.pfns()[-2:] == sp
    # the block device's pages kept (busy buffers), inactive now; the clean ones at
    # the tail (the last moved first), PGROTATED
    assert {kinds[p] for p in bdev} == {PG_FILE} and wb.events["pgrotated"] == rotated + len(clean)
    mine = [p for p in clean if k.memcg.page_memcg(p) is g]
    assert g.lru_file.pfns()[:len(mine)] == mine[::-1]
    # 6.1's counts exact; 5.10's in the CPU's batch (folded past MEMCG_CHARGE_BATCH)
    ours = 6 + sum(1 for p in bdev if k.memcg.page_memcg(p) is g)
    assert _stat(k, "g", "pgdeactivate") == (ours if design == "6.1" else 0)
    # the unmapped binary pages at the anon list's head; the mapped ones stay
    assert root_anon.pfns()[-(len(binary) - len(mapped)):] == binary[len(mapped):]
    assert not wb.reclaim & set(mapped)
    run_script(k, "sync", "y.sh")
    assert wb.events["pgrotated"] == rotated + len(clean) + 4
    assert not wb.reclaim & set(dp)
    # a buffer lookup marks its page accessed (__find_get_block): the second one
    # activates a deactivated metadata page (PGACTIVATE)
    bd = k.vfs.mounts["/mnt/disk"].bdev
    pfn = next(p for p in bdev if k.memcg.page_memcg(p) is g)
    index = fm.pages.index[pfn]
    flush = getattr(k.memcg.stats, "force_flush", None)    # 6.1's 2 s flush
    if flush:
        flush()
    before = _stat(k, "g", "pgactivate")
    with k.running(k.init):
        k.buffers.getblk(bd, index)
        assert kinds[pfn] == PG_FILE and fm.referenced[pfn]
        k.buffers.getblk(bd, index)
    assert kinds[pfn] == PG_BUFFER and not fm.referenced[pfn]
    if design == "6.1":                 # (5.10's count waits in the CPU's batch)
        flush()                         # (one update: under 6.1's flush threshold)
        assert _stat(k, "g", "pgactivate") == before + 1


def test_unlinked_open_file_keeps_its_pages_until_the_last_close():
    """``rm`` of a file a sleeping process holds open: its dentry is only unhashed
    (no negative dentry), inode and pages stay (drop_caches=1 can still drop clean
    pages); they go when the process ends."""
    k = _setup("6.1")
    res = run_script(k, f"""
: > {W}/first
echo $$ > {V2}/g/cgroup.procs
head -c 16384 /dev/zero > {W}/o
echo $$ > {V2}/cgroup.procs
sleep 100 3< {W}/o &
rm {W}/o
sleep 3
grep -E '^(file|slab_reclaimable) ' {V2}/g/memory.stat
kill $!
wait
sleep 3
grep -E '^(file|slab_reclaimable) ' {V2}/g/memory.stat
""", "t.sh")
    st = dict(line.split() for line in res.stdout.splitlines()[:2])
    assert int(st["file"]) >= 16384
    assert int(st["slab_reclaimable"]) >= k.sizes.slab_objsize("ext4_inode_cache")
    st = dict(line.split() for line in res.stdout.splitlines()[2:])
    assert int(st["file"]) < 16384
    assert int(st["slab_reclaimable"]) < k.sizes.slab_objsize("ext4_inode_cache")
    assert not k.filemap.orphans


def test_the_flusher_writes_back_what_was_dirtied_30_s_ago():
    """Without a sync, dirty pages stay through drop_caches until the periodic
    flusher's ``dirty_expire_centisecs`` (30 s) has passed."""
    k = _setup("6.1")
    sh = _file_in(k, "g", W + "/e", 8192)
    k.advance(3)
    written = _stat(k, "g", "file")
    k.advance(20)
    k.write("/proc/sys/vm/drop_caches", "1", k.init)
    k.advance(3)
    assert _stat(k, "g", "file") == written          # 26 s old: still dirty
    k.advance(10)
    k.write("/proc/sys/vm/drop_caches", "1", k.init)
    k.advance(3)
    assert _stat(k, "g", "file") == written - 8192
    assert _stat(k, "g", "file_dirty") == 0
    del sh


def test_writing_an_evicted_file_truncates_it():
    """``>`` on a disk file: read again (evicted or not) and truncated."""
    k = _setup("6.1")
    k.write(W + "/t", "long content\n", k.init)
    k.write(W + "/t", "x\n", k.init)
    assert k.read(W + "/t", k.init) == "x\n"
    run_script(k, "sync", "s.sh")
    k.write("/proc/sys/vm/drop_caches", "3", k.init)
    k.write(W + "/t", "y\n", k.init)
    assert k.read(W + "/t", k.init) == "y\n"


def test_inode_pages_reaped_in_reclaim_count_as_reclaimed(monkeypatch):
    """In reclaim the inode shrinker's reaped page cache is added to
    ``reclaim_state->reclaimed_slab`` (fs/inode.c ``inode_lru_isolate``, v5.10),
    which ``shrink_node`` adds to the pages it reclaimed after its memcg walk
    (docs/fidelity.md item 77): a walk whose only progress is an inode's 4 pages
    reports 4 and counts PGINODESTEAL."""
    k = Kernel(design="5.10", cgroup="v2", init="busybox", debug=True)
    k.write(V2 + "/cgroup.subtree_control", "+memory", k.init)
    k.mkdir(V2 + "/g", k.init)
    sh = _file_in(k, "g", W + "/big", 16384)
    run_script(k, "sync", "s.sh")
    fs, rel, _ = k.vfs.resolve(W + "/big")
    inode = fs.nodes[rel]
    assert len(inode.pages) == 4
    vmscan, g = k.vmscan, k.memcg.root_mem_cgroup
    # the walk's LRU and shrinkers left out: the inode pruned alone in it
    monkeypatch.setattr(type(vmscan), "shrink_lruvec", lambda *a, **kw: 0)
    monkeypatch.setattr(type(k.shrinkers), "shrink_slab", lambda self, m, priority: (
        k.filemap.prune_icache(inode) if m is g else 0))
    with k.running(sh):
        got, _ = vmscan.shrink_node_memcgs(g, 32, False, 12, {})
    assert (got, len(inode.pages), vmscan.reclaimed_slab) == (4, 0, None)
    assert vmscan.vm_events["pginodesteal"] == 4


def test_drop_caches_counts_its_vmstat_events():
    """``drop_caches_sysctl_handler`` counts DROP_PAGECACHE after a drop of the page
    cache and DROP_SLAB after ``drop_slab``: 3 counts both."""
    k = Kernel(design="5.10", cgroup="v2", init="busybox")

    def events():
        v = dict(line.split() for line in k.read("/proc/vmstat", k.init).splitlines())
        return int(v["drop_pagecache"]), int(v["drop_slab"])

    before = events()
    for n in ("1", "2", "3"):
        k.write("/proc/sys/vm/drop_caches", n, k.init)
    assert events() == (before[0] + 2, before[1] + 2)
