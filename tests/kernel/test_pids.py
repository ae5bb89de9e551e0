"""The pids controller (kernel/cgroup/pids.c, kernel/pids.py): counts from fork to
release, hierarchical limits refusing fork with EAGAIN, moves above the limit,
csses made and dropped with ``cgroup.subtree_control``; bash's retries."""
from __future__ import annotations

import errno

import pytest

from memcgsim import Kernel
from memcgsim.shell.interp import run_script

R = "/sys/fs/cgroup"


def _kernel(design: str = "6.1", debug: bool = False) -> Kernel:
    k = Kernel(design=design, cgroup="v2", init="busybox", debug=debug)
    k.write(f"{R}/cgroup.subtree_control", "+pids", k.init)
    return k


def _get(k: Kernel, path: str) -> str:
    return k.read(f"{R}/{path}", k.init).strip()


def test_fork_is_refused_at_the_limit_and_counted_where_it_forked():
    k = _kernel()
    k.mkdir(f"{R}/p", k.init)
    k.write(f"{R}/p/cgroup.subtree_control", "+pids", k.init)
    k.mkdir(f"{R}/p/q", k.init)
    k.write(f"{R}/p/pids.max", "2", k.init)
    sh = k.spawn()
    k.write(f"{R}/p/q/cgroup.procs", str(sh.pid), k.init)
    child = k.fork(sh)
    pid_before = k.procs.pid_ns.idr_next
    with pytest.raises(OSError) as e:
        k.fork(sh)
    assert e.value.errno == errno.EAGAIN
    assert k.procs.pid_ns.idr_next == pid_before + 1    # alloc_pid came first
    assert (_get(k, "p/pids.current"), _get(k, "p/q/pids.current")) == ("2", "2")
    # the refusal is the forking css's event (q), p's limit refused it
    assert (_get(k, "p/q/pids.events"), _get(k, "p/pids.events")) == ("max 1", "max 0")
    assert [m for m in k.log.lines if "fork rejected" in m][-1].endswith(
        "cgroup: fork rejected by pids controller in /p/q")
    assert _get(k, "p/q/pids.peak") == "3"              # q saw 3 before p refused
    assert _get(k, "p/pids.peak") == "2"
    # a zombie counts until it is reaped (release_task)
    k.exit(child)
    assert _get(k, "p/pids.current") == "2"
    k.reap(child)
    assert _get(k, "p/pids.current") == "1"
    k.fork(sh)


def test_a_move_is_never_refused_and_5_10_has_no_peak():
    k = _kernel("5.10")
    k.mkdir(f"{R}/p", k.init)
    k.write(f"{R}/p/pids.max", "1", k.init)
    a, b = k.spawn("sleep"), k.spawn("sleep")
    for t in (a, b):
        k.write(f"{R}/p/cgroup.procs", str(t.pid), k.init)
    assert (_get(k, "p/pids.current"), _get(k, "p/pids.max")) == ("2", "1")
    assert "pids.peak" not in k.listdir(f"{R}/p", k.init)
    k.write(f"{R}/cgroup.procs", str(a.pid), k.init)
    assert _get(k, "p/pids.current") == "1"


def test_enabling_counts_the_tasks_below_and_disabling_drops_the_files():
    k = Kernel(design="6.1", cgroup="v2", init="busybox")
    k.mkdir(f"{R}/p", k.init)
    t = k.spawn("sleep")
    k.write(f"{R}/p/cgroup.procs", str(t.pid), k.init)
    assert "pids.max" not in k.listdir(f"{R}/p", k.init)
    k.write(f"{R}/cgroup.subtree_control", "+pids", k.init)
    assert _get(k, "p/pids.current") == "1"
    k.mkdir(f"{R}/p/q", k.init)
    k.write(f"{R}/p/cgroup.subtree_control", "+pids", k.init)
    with pytest.raises(OSError) as e:                  # a child enables it below
        k.write(f"{R}/cgroup.subtree_control", "-pids", k.init)
    assert e.value.errno == errno.EBUSY
    k.write(f"{R}/p/cgroup.subtree_control", "-pids", k.init)
    assert "pids.max" not in k.listdir(f"{R}/p/q", k.init)
    slab_before = sum(c.active_objs() for c in k.slab.caches.values())
    k.write(f"{R}/cgroup.subtree_control", "-pids", k.init)
    assert "pids.max" not in k.listdir(f"{R}/p", k.init)
    assert sum(c.active_objs() for c in k.slab.caches.values()) < slab_before
    assert not k.pids.css


@pytest.mark.parametrize("text,err", [("-1", errno.EINVAL), ("4194305", errno.EINVAL),
                                      ("", errno.EINVAL), ("1k", errno.EINVAL)])
def test_pids_max_rejects(text, err):
    k = _kernel()
    k.mkdir(f"{R}/p", k.init)
    with pytest.raises(OSError) as e:
        k.write(f"{R}/p/pids.max", text, k.init)
    assert e.value.errno == err


def test_a_thread_root_child_is_no_domain():
    """A cgroup with processes and a threaded controller enabled below it is a
    thread root (``cgroup_is_thread_root``): a move into its child fails."""
    k = _kernel()
    k.mkdir(f"{R}/p", k.init)
    k.mkdir(f"{R}/p/q", k.init)
    k.write(f"{R}/p/cgroup.subtree_control", "+pids", k.init)
    a, b = k.spawn("sleep"), k.spawn("sleep")
    k.write(f"{R}/p/cgroup.procs", str(a.pid), k.init)
    with pytest.raises(OSError) as e:
        k.write(f"{R}/p/q/cgroup.procs", str(b.pid), k.init)
    assert e.value.errno == errno.EOPNOTSUPP


def test_bash_retries_a_refused_fork_then_gives_up():
    """make_child: four "retry" lines over 1+2+4+8 s, then the error; the shell
    exits with 254. Five forks were refused."""
    k = _kernel()
    k.mkdir(f"{R}/p", k.init)
    k.write(f"{R}/p/pids.max", "1", k.init)
    t0 = k.clock.now_ns
    r = run_script(k, f"echo $$ > {R}/p/cgroup.procs; /bin/true; echo unreached", "t")
    assert r.status == 254
    assert r.stderr.splitlines() == ["t: fork: retry: Resource temporarily unavailable"] * 4 + [
        "t: fork: Resource temporarily unavailable"]
    assert k.clock.now_ns - t0 >= 15 * 10**9
    assert _get(k, "p/pids.events") == "max 5"


def test_the_count_matches_the_tasks_under_debug():
    k = _kernel(debug=True)
    k.mkdir(f"{R}/p", k.init)
    r = run_script(k, f"""echo $$ > {R}/p/cgroup.procs
for i in 1 2 3; do sleep 1 & done; wait
cat {R}/p/pids.current {R}/p/pids.peak""", "t")
    assert r.stdout.split() == ["2", "4"]     # the shell and cat; the shell and 3 sleeps


def test_a_wrong_count_is_a_model_bug():
    from memcgsim.kernel.bug import ModelBug
    from memcgsim.kernel.invariants import check_invariants
    k = _kernel()
    k.mkdir(f"{R}/p", k.init)
    k.write(f"{R}/p/cgroup.procs", str(k.spawn("sleep").pid), k.init)
    check_invariants(k)
    k.pids.css[k.memory_root.cgrp.children["p"]].counter += 1
    with pytest.raises(ModelBug, match="pids.current"):
        check_invariants(k)


def _ppid(k: Kernel, pid: int) -> str:
    status = k.read(f"/proc/{pid}/status", k.init)
    return next(ln.split()[1] for ln in status.splitlines() if ln.startswith("PPid:"))


def test_an_orphan_is_inits_which_reaps_it_and_its_pid_is_uncharged():
    """forget_original_parent: a live child of an exiting task goes to init and is
    reaped when it exits; a zombie child is reaped at once (the guests: an orphan's
    PPid is 1 and it leaves pids.current when it ends: tests/conformance
    orphan-reaped)."""
    k = _kernel()
    k.mkdir(f"{R}/o", k.init)
    sh = k.spawn()
    k.write(f"{R}/o/cgroup.procs", str(sh.pid), k.init)
    parent = k.fork(sh)
    live, dead = k.fork(parent), k.fork(parent)
    k.exit(dead)
    assert _get(k, "o/pids.current") == "4"         # a zombie still counts
    k.exit(parent)
    # the zombie went to init, which reaped it; the parent waits for sh
    assert _get(k, "o/pids.current") == "3"
    assert k.task(dead.pid) is None and dead.state == "dead"
    assert _ppid(k, live.pid) == str(k.init.pid) == "1"
    k.reap(parent)
    k.kill(live.pid, 9)
    k.advance(0.01)                                 # it dies when it next runs
    assert _get(k, "o/pids.current") == "1"
    assert k.task(live.pid) is None
    assert sorted(k.init.children) == [sh.pid]


def test_a_pipeline_whose_fork_fails_leaves_the_stages_forked_to_run_out():
    """execute_pipeline forks every stage first: when a fork fails for good the
    shell exits 254 (make_child), and the stages it forked run on, the last one
    writing to a pipe nobody reads (SIGPIPE), so none is left behind."""
    k = _kernel()
    k.mkdir(f"{R}/p", k.init)
    k.write(f"{R}/p/pids.max", "4", k.init)
    r = run_script(k, f"echo $$ > {R}/p/cgroup.procs\nyes | cat | cat | cat | head -1\necho not reached\n")
    assert r.status == 254 and r.stdout == ""
    assert r.stderr.count("fork: retry: Resource temporarily unavailable") == 4
    assert _get(k, "p/pids.current") == "0"
