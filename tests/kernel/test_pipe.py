"""fs/pipe.c's accounting: the pipe's structures charged to the task calling pipe(),
its pages to the writer, ``tmp_page`` kept on release, everything freed at close."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.kernel.page_alloc import HANDLE_SHIFT, PG_FREE, PG_KMEM
from memcgsim.kernel.pipe import PAGE_SIZE, PIPE_DEF_BUFFERS, Pipes


def _kmem_pages(k: Kernel, memcg) -> int:
    """Kmem pages whose memcg_data names ``memcg`` (or its objcg)."""
    mc = k.memcg
    owners = {id(memcg)} | {id(o) for o in mc.handles.values() if getattr(o, "memcg", None) is memcg}
    return sum(1 for pfn in range(1, len(k.mem_map.kind))
               if k.mem_map.kind[pfn] == PG_KMEM and k.mem_map.memcg_data[pfn]
               and id(mc.handles[k.mem_map.memcg_data[pfn] >> HANDLE_SHIFT]) in owners)


@pytest.mark.parametrize("design", ["5.12", "5.13", "6.1"])
def test_pipe_pages_are_charged_to_the_writer_and_freed(design):
    k = Kernel(design=design, cgroup="v2", debug=True)
    sh = k.spawn("bash")
    k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", sh)
    k.mkdir("/sys/fs/cgroup/w", sh)
    w = k.fork(sh)
    k.write("/sys/fs/cgroup/w/cgroup.procs", str(w.pid), sh)
    r = k.fork(sh)                                  # the reader stays in the root
    memcg = k.task_memcg(w)
    pipe = k.pipe_open(sh)
    assert k.pipe_write(pipe, w, 10000) == 10000     # 4096 + 4096 + 1808
    assert [n for _, n in pipe.bufs] == [4096, 4096, 1808]
    assert _kmem_pages(k, memcg) == 3
    assert k.pipe_write(pipe, w, 100) == 100         # merged into the last page
    assert len(pipe.bufs) == 3
    k.pipe_read(pipe, r, 4096)                       # first page kept as tmp_page
    assert pipe.tmp_page and _kmem_pages(k, memcg) == 3
    k.pipe_read(pipe, r, 4096)                       # second page freed
    assert _kmem_pages(k, memcg) == 2
    # 5000 = 4096 + 904: the 904 merge into the last page (1908 + 904), the whole
    # page goes to the kept tmp_page
    assert k.pipe_write(pipe, w, 5000) == 5000
    assert [n for _, n in pipe.bufs] == [2812, 4096]
    assert not pipe.tmp_page and _kmem_pages(k, memcg) == 2
    assert k.pipe_room(pipe) == (PIPE_DEF_BUFFERS - 2) * PAGE_SIZE
    pages = pipe.pages
    k.pipe_close(pipe, r)
    assert _kmem_pages(k, memcg) == 0
    assert all(k.mem_map.kind[p] == PG_FREE for p in pages)
    assert not k.pipes.live


def test_a_full_pipe_takes_no_more():
    k = Kernel(design="6.1", cgroup="v2", debug=True)
    sh = k.spawn("bash")
    pipe = k.pipe_open(sh)
    assert k.pipe_write(pipe, sh, 100 * PAGE_SIZE) == PIPE_DEF_BUFFERS * PAGE_SIZE
    assert k.pipe_room(pipe) == 0 and k.pipe_write(pipe, sh, 1) == 0
    k.pipe_read(pipe, sh, 1)                         # a partly read buffer frees no slot
    assert k.pipe_room(pipe) == 0
    k.pipe_read(pipe, sh, PAGE_SIZE - 1)
    assert k.pipe_room(pipe) == PAGE_SIZE
    k.pipe_close(pipe, sh)


def _writer_in_w(design: str):
    """A debug kernel, its shell, a writer task in memcg /w and that memcg."""
    k = Kernel(design=design, cgroup="v2", debug=True)
    sh = k.spawn("bash")
    k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", sh)
    k.mkdir("/sys/fs/cgroup/w", sh)
    w = k.fork(sh)
    k.write("/sys/fs/cgroup/w/cgroup.procs", str(w.pid), sh)
    return k, sh, w, k.task_memcg(w)


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_released_buffers_leave_the_counter_not_into_a_stock(design):
    """``anon_pipe_buf_release``'s ``put_page``: ``mem_cgroup_uncharge`` lowers the
    counter at once (the reader's CPU stock gains nothing); the kept ``tmp_page``,
    freed with ``__free_page`` at close, goes to the closing CPU's stock."""
    k, sh, w, memcg = _writer_in_w(design)
    pipe = k.pipe_open(w)
    assert k.pipe_write(pipe, w, 3 * PAGE_SIZE) == 3 * PAGE_SIZE
    stock = k.memcg.stocks[w.cpu]
    usage, cached = memcg.memory.usage, stock.nr_pages if stock.cached is memcg else 0
    k.pipe_read(pipe, w, 3 * PAGE_SIZE)             # one kept as tmp_page, two put
    assert memcg.memory.usage == usage - 2
    assert (stock.nr_pages if stock.cached is memcg else 0) == cached
    k.pipe_close(pipe, w)                           # tmp_page: into the stock
    assert memcg.memory.usage == usage - 2
    assert stock.cached is memcg and stock.nr_pages == cached + 1


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_an_unread_pipe_keeps_its_first_slot_at_close(design):
    """``free_pipe_info`` releases the buffers in slot order through
    ``anon_pipe_buf_release``: with no page kept, slot 0's page becomes ``tmp_page``
    and goes to the closing CPU's stock with ``__free_page``, the others leave the
    counter at once (``put_page``). On 5.10 the stock then holds the writer's dying
    memcg (``refill_stock``'s css reference) until it caches another; on 6.1 the
    page's objcg was reparented, so it caches the parent."""
    k, sh, w, memcg = _writer_in_w(design)
    pipe = k.pipe_open(sh)
    assert k.pipe_write(pipe, w, 3 * PAGE_SIZE) == 3 * PAGE_SIZE
    first = pipe.bufs[0][0]
    k.write("/sys/fs/cgroup/cgroup.procs", str(w.pid), sh)
    k.rmdir("/sys/fs/cgroup/w", sh)
    k.advance(1)
    # 5.10: its kmem pages pin it; 6.1: they charge its objcg, reparented
    assert memcg.state == ("offline" if design == "5.10" else "freed")
    stock = k.memcg.stocks[sh.cpu]
    k.pipe_close(pipe, sh)
    assert k.mem_map.kind[first] == PG_FREE and not pipe.tmp_page
    k.advance(1)
    root = k.memcg.root_mem_cgroup
    if design == "5.10":
        assert stock.cached is memcg and stock.nr_pages == 1
        assert memcg.holders == {"stock": 1}
    else:
        assert stock.cached is root and stock.nr_pages == 1
        assert memcg.state == "freed" and not memcg.holders


def test_close_releases_in_slot_order_after_the_ring_wrapped(monkeypatch):
    """15 of 16 buffers read (``tail`` 15), one more written into the kept page
    (slot 0): at close slot 0's buffer is released first, so it is the page that
    becomes ``tmp_page`` and goes through ``__free_page``, slot 15's is put."""
    k = Kernel(design="6.1", cgroup="v2", debug=True)
    sh = k.spawn("bash")
    pipe = k.pipe_open(sh)
    assert k.pipe_write(pipe, sh, PIPE_DEF_BUFFERS * PAGE_SIZE) == PIPE_DEF_BUFFERS * PAGE_SIZE
    k.pipe_read(pipe, sh, (PIPE_DEF_BUFFERS - 1) * PAGE_SIZE)
    assert pipe.tail == PIPE_DEF_BUFFERS - 1 and pipe.tmp_page
    assert k.pipe_write(pipe, sh, PAGE_SIZE) == PAGE_SIZE     # into the kept page
    slot15, slot0 = (b[0] for b in pipe.bufs)
    freed = []
    orig = Pipes._free_page
    monkeypatch.setattr(Pipes, "_free_page", lambda self, pfn: (freed.append(pfn), orig(self, pfn)))
    k.pipe_close(pipe, sh)
    assert freed == [slot0] and slot15 != slot0
    assert k.mem_map.kind[slot15] == PG_FREE and k.mem_map.kind[slot0] == PG_FREE


def test_a_pipes_reader_is_placed_at_its_last_writers_exit(monkeypatch):
    """With PIPE_RELEASE_WAKES the reader asleep on an empty pipe is placed when its
    writer's exit closes the last write end (pipe_release's wake-up), before the
    exit wakes the shell; a command substitution's reader is the parent, placed by
    the exit's own wake-up; off by default no reader is placed (item 441)."""
    from memcgsim.kernel import pipe as P
    from memcgsim.kernel.sched import Sched
    from memcgsim.shell import run_script
    calls = []
    orig = Sched.select_task_rq_wake

    def spy(self, p, waker, **kw):
        calls.append((p.comm, waker.comm))
        return orig(self, p, waker, **kw)
    monkeypatch.setattr(Sched, "select_task_rq_wake", spy)
    script = "cat /proc/self/stat | wc -c >/dev/null\nx=$(cat /proc/self/stat)\n"
    run_script(Kernel(design="6.1", cgroup="v2", nr_cpus=2), script, "t")
    assert ("wc", "cat") not in calls and ("bash", "cat") in calls
    calls.clear()
    monkeypatch.setattr(P, "PIPE_RELEASE_WAKES", True)
    run_script(Kernel(design="6.1", cgroup="v2", nr_cpus=2), script, "t")
    first = calls.index(("wc", "cat"))
    assert ("bash", "cat") in calls[first + 1:]
    assert calls.count(("wc", "cat")) == 1 and not any(r == "cat" for r, _ in calls)


def test_a_comsubs_reader_asleep_from_its_first_read_is_placed_by_the_write(monkeypatch):
    """With PIPE_WRITE_WAKES a command substitution's shell sleeps in its first read
    before the child runs; the child's first write into the empty pipe places it
    (a sync wake-up by the live writer), and it stays on that runqueue until it
    has run and blocked: the writer's exit does not place it again while it is
    queued behind the writer (ttwu_runnable); off by default neither (item 470)."""
    from memcgsim.kernel import pipe as P
    from memcgsim.kernel.sched import Sched
    from memcgsim.shell import run_script
    calls = []
    orig = Sched.select_task_rq_wake

    def spy(self, p, waker, **kw):
        queued = p in self.queued
        cpu = orig(self, p, waker, **kw)
        calls.append((p.comm, waker.comm, kw.get("sync", False), queued, waker.cpu, cpu))
        return cpu
    monkeypatch.setattr(Sched, "select_task_rq_wake", spy)
    script = "for i in 1 2 3 4 5 6 7 8; do x=$(echo $i); done\n"
    run_script(Kernel(design="6.1", cgroup="v2", nr_cpus=2), script, "t")
    assert calls and not any(c[2] or c[3] for c in calls)      # exits only, none queued
    assert P.PIPE_WRITE_WAKES is False
    calls.clear()
    monkeypatch.setattr(P, "PIPE_WRITE_WAKES", True)
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2)
    run_script(k, script, "t")
    writes = [c for c in calls if c[2]]
    assert len(writes) == 8 and all(c[:2] == ("bash", "bash") for c in writes)
    # each write's wake-up is followed by the writer's exit's, which finds the
    # shell queued where the write put it when it moved onto the writer's CPU
    for i, c in enumerate(calls):
        if c[2] and c[5] == c[4]:
            assert calls[i + 1][3] and calls[i + 1][5] == c[5]
    assert any(c[2] and c[5] == c[4] for c in calls)
    assert not k.sched.queued
