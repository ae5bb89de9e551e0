"""The guests' placements at 2 CPUs as tools/sizes/wake_replay.py and rcu_gp_wakes.py
read them (docs/fidelity.md items 191 and 192 of session 33's wake33): the facts the
items rest on, read again from the stored recordings."""
from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import sys

import pytest

SIZES = os.path.join(os.path.dirname(__file__), "..", "..", "tools", "sizes")
REC = os.path.join(SIZES, "recordings", "wake-trace-{}-2cpu-srq{}.txt.gz")


def _tool(name: str):
    """A tools/sizes module (they import one another by name)."""
    if SIZES not in sys.path:
        sys.path.insert(0, SIZES)
    spec = importlib.util.spec_from_file_location(name, os.path.join(SIZES, name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _places(rec: str) -> dict:
    """wake_replay.py's ``place`` counts of one recording (its printout discarded)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return _tool("wake_replay").replay(rec)


@pytest.mark.parametrize("rec", [REC.format("tmpfs-umount-lazy--5.10-v1", ""),
                                 REC.format("tmpfs-umount-lazy--6.1-v1", ""),
                                 REC.format("novel-meminfo-vs-stat--6.1-v2", ""),
                                 REC.format("novel-meminfo-vs-stat--6.1-v2", "-nosisutil")])
def test_an_idle_cpu_is_always_taken(rec):
    """A fork puts the child on the other CPU whenever nothing runs or waits there,
    and a task woken from the other CPU stays on its idle previous CPU (at most one
    exception a run); a child kept at home always had the other CPU busy."""
    p = _places(rec)
    assert p[("fork", "waker-on-prev", "move", "others:idle")] >= 29
    assert p[("fork", "waker-on-prev", "stay", "others:idle")] == 0
    stay = p[("wake", "waker-elsewhere", "stay", "prev:idle")]
    move = p[("wake", "waker-elsewhere", "move", "prev:idle")]
    assert stay >= 25 and move <= 1


def test_6_1_under_load_leaves_a_wakee_on_its_wakers_cpu_unless_sis_util_is_off():
    """6.1's novel-meminfo-vs-stat: woken on its waker's CPU with the other idle, the
    wakee moved 23 of 47 times with SIS_UTIL, 15 of 20 without (item 191)."""
    def moved(rec):
        p = _places(rec)
        m = p[("wake", "waker-on-prev", "move", "others:idle")]
        return m, m + p[("wake", "waker-on-prev", "stay", "others:idle")]
    m, n = moved(REC.format("novel-meminfo-vs-stat--6.1-v2", ""))
    m0, n0 = moved(REC.format("novel-meminfo-vs-stat--6.1-v2", "-nosisutil"))
    assert (m, n) == (23, 47) and (m0, n0) == (15, 20)
    assert m / n < 0.6 < m0 / n0


def test_5_10_forks_after_a_reap_stay_behind_the_queued_gp_kthread():
    """5.10: of the forks after a reap that kept the child, the GP kthread was queued
    on the other CPU, woken from the parent's, 9 of 10 times; woken from another CPU
    it waits milliseconds for the idle vCPU, on its own a tenth of one (item 192)."""
    with contextlib.redirect_stdout(io.StringIO()):
        r = _tool("rcu_gp_wakes").scan(REC.format("tmpfs-umount-lazy--5.10-v1", ""))
    own = {k: n for k, n in r["forks"].items() if k[0] == "own" and k[2] == "after a reap"}
    queued = sum(n for k, n in own.items() if k[1].startswith("queued"))
    assert (queued, sum(own.values())) == (9, 10)
    remote, local = sorted(r["remote_waits"]), sorted(r["local_waits"])
    assert remote[len(remote) // 2] > 1.0 > 0.1 > local[len(local) // 2]


@pytest.mark.parametrize("kernel", ["5.10", "6.1"])
def test_the_gp_kthread_knots_by_waker_are_the_traces(kernel):
    """The designs' grace-period kthread holds by waker (docs/fidelity.md item 389)
    read again from place41's comsub-pipe-cpus traces: the holds woken by the idle
    CPU's own interrupt (``gp_kthread_hold_us``) and from another CPU
    (``gp_kthread_remote_hold_us``, 5.10 only: 6.1 had 2 such), and the wake-ups on
    a busy last CPU left there (``gp_kthread_busy_stay``)."""
    from memcgsim.designs import DESIGNS
    d = DESIGNS[kernel]
    tool = _tool("gp_kthread_holds")
    rec = os.path.join(SIZES, "recordings",
                       f"place-trace-comsub-pipe-cpus--{kernel}-v2-2cpu.txt.gz")
    loop, _wakes, hs = tool.holds(rec)
    pace = loop / 432
    for own, knots in ((True, d.gp_kthread_hold_us), (False, d.gp_kthread_remote_hold_us)):
        sel = [h for o, h in hs if o is own]
        if not knots:
            assert len(sel) <= 2
            continue
        got = [round(1000 * x / pace, 1) for x in tool.deciles(sel)]
        assert got == list(knots)
    stayed, moved = tool.busy_wakes(rec)
    assert (stayed, stayed + moved) == d.gp_kthread_busy_stay


def test_the_kernel_threads_a_fork_meets_are_the_traces():
    """kernel/sched.py's ``KTHREAD_FORK_HOLD_US`` (docs/fidelity.md item 417): the
    residuals of the kernel threads the shell's forks met on the other CPU, pooled
    over the two comsub-pipe-cpus traces at their paces, and how often a fork met
    one with that CPU free of user tasks (``KTHREAD_BUSY_P``'s rate, near 0.356)."""
    from memcgsim.kernel.sched import KTHREAD_FORK_HOLD_US
    tool = _tool("fork_hold_residual")
    pooled, met, free = [], 0, 0
    for kernel in ("5.10", "6.1"):
        rec = os.path.join(SIZES, "recordings",
                           f"place-trace-comsub-pipe-cpus--{kernel}-v2-2cpu.txt.gz")
        counts, res = tool.residuals(rec, tool._shell_pid(rec))
        pace = tool.holds(rec)[0] / 432
        pooled += [1000 * r[0] / pace for r in res]
        met += counts["kthread"]
        free += counts["kthread"] + counts["idle"]
    assert [round(x, 1) for x in tool.deciles(pooled)] == list(KTHREAD_FORK_HOLD_US)
    assert (met, free) == (149, 407)


def test_a_comsubs_reader_sleeps_before_the_write_that_wakes_it():
    """kernel/pipe.py's ``PIPE_WRITE_WAKES`` (docs/fidelity.md items 470, 471): on the
    guests a command substitution's shell sleeps in its first read before the
    writer's first write (116 and 118 of 120), the writer's wake-up of it is sync
    (every live one), it moves to the writer's CPU at 174 of the 447 over the four
    traces, and after such a move the writer's exit finds it still queued (no
    placement) 61 times, keeps it 58 and moves it back 55."""
    tool = _tool("comsub_reads")
    rec = os.path.join(SIZES, "recordings", "place-trace-{}--{}-v2-2cpu.txt.gz")
    asleep = []
    pooled = {"sync": 0, "live": 0, "moved": 0, "queued": 0, "kept": 0, "back": 0}
    for kernel in ("5.10", "6.1"):
        for name in ("comsub-reader-sleep", "comsub-pipe-cpus"):
            subs = tool.comsubs(rec.format(name, kernel))
            if name == "comsub-reader-sleep":
                asleep.append(sum(s["slept"] is not None and s["write"] is not None
                                  and s["slept"] < s["write"] for s in subs))
            for s in subs:
                w = s["woken"]
                if w is None:
                    continue
                pooled["live"] += 1
                pooled["sync"] += w["sync"]
                if w["to"] != w["prev"]:
                    pooled["moved"] += 1
                    e = s["exit"]
                    pooled["queued" if e is None else "back" if e["to"] == w["prev"]
                           else "kept"] += 1
    assert asleep == [116, 118]
    assert pooled == {"sync": 447, "live": 447, "moved": 174, "queued": 61, "kept": 58,
                      "back": 55}
