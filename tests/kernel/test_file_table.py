"""A file's ``struct file`` from its open to a grace period after its last close
(kernel/file_table.py ``FILE_LIFE``, off by default; docs/fidelity.md item 370): the
filp charged to the opener, a regular file's freed a grace period after its close or
its opener's exit, a pseudo file's a grace period after its open."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.kernel import file_table

W = "/mnt/disk/work"


@pytest.fixture(autouse=True)
def _file_life(request, monkeypatch):
    """The switch on for every test but the one of the default."""
    if "default" not in request.node.name:
        monkeypatch.setattr(file_table, "FILE_LIFE", True)


def _kernel(design: str = "6.1"):
    k = Kernel(design=design, cgroup="v2", nr_cpus=2, init="busybox", userland="busybox")
    return k, k.spawn("bash")


def _filps(k) -> int:
    return next(c.nr_objs for c in k.slab.caches.values() if c.name == "filp")


def test_off_by_default_no_filp_is_kept():
    assert not file_table.FILE_LIFE
    k, sh = _kernel()
    f = k.open(f"{W}/a", "w", sh)
    assert not k.file_table.open
    f.close()


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_a_regular_files_filp_goes_a_grace_period_after_its_close(design):
    """Open: one filp more, kept while the file is open; the close queues
    ``file_free_rcu``, which runs after the grace period."""
    k, sh = _kernel(design)
    before = _filps(k)
    f = k.open(f"{W}/a", "w", sh)
    assert _filps(k) == before + 1 and len(k.file_table.open) == 1
    k.advance(0.01)
    assert _filps(k) == before + 1          # open: still held
    f.close()
    assert not k.file_table.open
    assert _filps(k) == before + 1          # queued, not freed
    assert k.clock.gp_end > k.clock.now_ns
    k.advance(0.01)
    assert _filps(k) == before
    f.close()                               # a second close frees nothing more
    k.advance(0.01)
    assert _filps(k) == before


def test_a_file_left_open_goes_at_its_openers_exit():
    """``exit_files``: the regular files the task opened and did not close, a grace
    period after the exit; another task's stays."""
    k, sh = _kernel()
    child = k.fork(sh)
    before = _filps(k)
    k.open(f"{W}/a", "w", child)
    kept = k.open(f"{W}/b", "w", sh)
    assert _filps(k) == before + 2
    k.exit(child)
    k.advance(0.01)
    assert _filps(k) == before + 1
    assert [v[0] for v in k.file_table.open.values()] == [kept]


def test_a_pseudo_files_filp_goes_a_grace_period_after_its_open():
    """A /proc file: its text made at the open, the file taken as closed there."""
    k, sh = _kernel()
    before = _filps(k)
    k.read("/proc/meminfo", sh)
    assert not k.file_table.open
    assert _filps(k) == before + 1
    k.advance(0.01)
    assert _filps(k) == before


def _in_cgroup(k, sh):
    """A child of ``sh`` moved into a new cgroup ``a``."""
    cg = "/sys/fs/cgroup"
    k.write(cg + "/cgroup.subtree_control", "+memory", sh)
    k.mkdir(cg + "/a", sh)
    t = k.fork(sh)
    k.write(cg + "/a/cgroup.procs", str(t.pid), sh)
    return t


def test_the_filp_is_charged_to_the_opener():
    """filp_cachep is SLAB_ACCOUNT: the filp is charged to the opener's objcg."""
    k, sh = _kernel()
    t = _in_cgroup(k, sh)
    objcg = k.task_memcg(t).objcg
    assert objcg is not None and not k.file_table.open
    k.open(f"{W}/a", "w", t)
    (_, objs, opener), = k.file_table.open.values()
    assert opener is t and objs.objcg is objcg


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_a_pipes_two_filps_go_a_grace_period_after_its_last_close(design):
    """``create_pipe_files``: two files, charged to the creator; the last end's close
    queues both files' ``file_free_rcu`` on the closing task's CPU."""
    k, sh = _kernel(design)
    t = _in_cgroup(k, sh)
    k.advance(0.01)                         # the cgroup files' filps gone
    before = _filps(k)
    pipe = k.pipe_open(t)
    assert _filps(k) == before + 2
    objcg = k.task_memcg(t).objcg
    assert objcg is not None and [f.objcg for f in pipe.files] == [objcg, objcg]
    k.pipe_close(pipe, t)
    assert pipe.files is None and _filps(k) == before + 2
    k.advance(0.01)
    assert _filps(k) == before
