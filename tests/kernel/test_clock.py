"""kernel/clock.py: events run in (time, queueing) order, near and far ones alike."""
from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from memcgsim.kernel import clock
from memcgsim.kernel.clock import FAR_NS, Clock

# an event's delay from its queueing: near, exactly at the far queue's edge, far
_DELAYS = st.sampled_from([0, 1, 1000, FAR_NS - 1, FAR_NS, FAR_NS + 1, 3 * FAR_NS, 3600 * FAR_NS])


@settings(max_examples=200, deadline=None)
@given(first=st.lists(_DELAYS, min_size=1, max_size=30),
       later=st.lists(st.lists(_DELAYS, max_size=3), min_size=30, max_size=30),
       ends=st.lists(st.integers(0, 4000 * FAR_NS), min_size=1, max_size=4),
       ticks=st.lists(st.sampled_from([0, 5, FAR_NS // 2, 2 * FAR_NS]), max_size=5))
def test_near_and_far_events_run_in_time_then_queueing_order(first, later, ends, ticks):
    """Every event, queued far or near, at first or by an event as it runs, runs
    at its time, in the order of (time, queueing): the order of one sorted list."""
    c = Clock()
    queued: list[tuple[int, int, int]] = []     # (time, seq, id) as a single heap orders
    ran: list[tuple[int, int]] = []              # (id, now at its run)
    nxt = [0]

    def queue(delay: int) -> None:
        i = nxt[0]
        nxt[0] += 1
        queued.append((c.now_ns + delay, i, i))
        c.call_at(c.now_ns + delay, run, i)

    def run(i: int) -> None:
        ran.append((i, c.now_ns))
        for d in later[i % len(later)] if len(ran) < 60 else ():
            queue(d)

    for d in first:
        queue(d)
    for cost in ticks:
        c.tick(cost)
    for end in sorted(ends):
        assert c.next_at == min((t for t, _, i in queued if i not in dict(ran)), default=float("inf"))
        c.run_until(end)
        assert c.now_ns >= end
    assert [i for i, _ in ran] == [i for _, _, i in sorted(queued) if i in dict(ran)]
    assert all(now == next(t for t, _, j in queued if j == i) for i, now in ran)
    # what has not run is every event due after the last end, and nothing else
    left = [i for t, _, i in queued if i not in dict(ran)]
    assert all(next(t for t, _, j in queued if j == i) > c.now_ns for i in left)
    assert c.pending == len(left)


def test_far_timer_runs_before_a_near_one_queued_later_at_the_same_time():
    c = Clock()
    order = []
    c.call_at(2 * FAR_NS, order.append, "far")          # queued far, first
    c.run_until(2 * FAR_NS - 10)
    c.call_at(2 * FAR_NS, order.append, "near")         # the same time, queued near
    assert c.next_at == 2 * FAR_NS and c.pending == 2
    c.tick(10)
    assert order == ["far", "near"] and c.now_ns == 2 * FAR_NS


def test_preempt_lengthens_the_work_that_goes_past_it():
    """Clock.preempt: the first tick whose work goes past its time takes its length
    longer, events due meanwhile running at their times; one that passed while no
    task worked (run_until) is dropped, and cancel_preempt forgets one."""
    c = Clock()
    seen = []
    c.call_at(1_500, lambda: seen.append(c.now_ns))
    c.preempt("a", 1_000, 700)
    c.tick(500)                     # ends before it
    assert c.now_ns == 500
    c.tick(1_000)                   # 500..1500, plus 700
    assert c.now_ns == 2_200 and seen == [1_500] and c.preempt_at == float("inf")
    c.preempt("b", 2_500, 100)
    c.run_until(3_000)              # nobody worked past it
    c.tick(100)
    assert c.now_ns == 3_100
    c.preempt("c", 3_200, 100)
    c.cancel_preempt("c")
    c.tick(200)
    assert c.now_ns == 3_300

def _ticks(n: int) -> int:
    return n * clock.RCU_TICK_NS


def test_tree_rcu_a_callback_with_none_running_waits_one_grace_period():
    """Idle RCU: the queuing CPU's next tick starts a grace period; the callback
    runs at the first tick after its end (Clock.rcu_due)."""
    c = Clock()
    c.now_ns = _ticks(3) + 1
    due = c.rcu_due()
    assert (c.gp_start, c.gp_end) == (_ticks(4), _ticks(4) + clock.RCU_GP_NS)
    assert due == (c.gp_end // clock.RCU_TICK_NS + 1) * clock.RCU_TICK_NS
    # 0.76 ms of grace period against 0.176 ms ticks: 4.3 ticks, run at the 9th
    assert due == _ticks(9)


def test_tree_rcu_one_queued_while_a_grace_period_runs_waits_for_the_next():
    """A callback accelerated while a grace period runs takes the next one; one its
    CPU accelerates only at the tick after the running one's end (the CPU had seen
    it start) takes the first to start after that tick: the one after the next if
    another CPU's callbacks asked for the next (item 68's 1001 of 2514)."""
    j, gp = clock.RCU_TICK_NS, clock.RCU_GP_NS
    c = Clock()
    c.now_ns = 1
    first = c.rcu_due()
    assert first == _ticks(6)
    # the same tick's callbacks share the grace period it starts
    assert c.rcu_due() == first
    # queued at the tick that started it: its CPU sees it start at the next tick
    # and gives the callback the next one, from its end
    c.now_ns = _ticks(1)
    assert c.rcu_due() == _ticks(10)
    assert (c.gp_start, c.gp_end) == (j + gp, j + 2 * gp)
    # queued after the CPU saw the first start: accelerated at the tick after its
    # end (6), when the second runs: the third
    c.now_ns = _ticks(3)
    assert c.rcu_due() == ((j + 3 * gp) // j + 1) * j == _ticks(14)
    # queued before the CPU saw the second start: at tick 6 it sees the first end
    # and the second run, and takes the third too
    c.now_ns = _ticks(5)
    assert c.rcu_due() == _ticks(14)
    # once all are over, one starts afresh at the next tick
    c.now_ns = _ticks(40)
    assert c.rcu_due() == _ticks(41 + 5)


def test_tree_rcu_a_seen_grace_period_with_none_after_it():
    """The CPU saw the running grace period start and nothing asked for another: the
    callback's grace period starts at the tick after the running one's end."""
    c = Clock()
    c.now_ns = 1
    c.rcu_due()
    c.now_ns = _ticks(3)
    assert c.rcu_due() == _ticks(11)
    assert c.gp_start == _ticks(6)


def test_tree_rcu_the_grace_period_kthread_cpu_numbers_at_the_end():
    """On the CPU that runs the grace-period kthread (a 1-CPU machine) a callback
    queued while a grace period runs is numbered by rcu_gp_cleanup at its end and
    takes the next one, started there, not the one after (item 282)."""
    j, gp = clock.RCU_TICK_NS, clock.RCU_GP_NS
    c = Clock()
    c.on_gp_kthread_cpu = True
    c.now_ns = 1
    assert c.rcu_due() == _ticks(6)                    # idle RCU: as on any CPU
    # queued after the CPU saw the first start: numbered at its end, the next
    # starts there (another CPU would wait for tick 6 and start it there: tick 11)
    c.now_ns = _ticks(3)
    assert c.rcu_due() == ((j + 2 * gp) // j + 1) * j == _ticks(10)
    assert (c.gp_start, c.gp_end) == (j + gp, j + 2 * gp)
    # queued while the first runs with the next already asked for: shares it
    # (another CPU would take the one after: tick 14)
    c.now_ns = _ticks(5)
    assert c.rcu_due() == _ticks(10)


def test_call_rcu_runs_at_the_rule_and_the_constant_without_it(monkeypatch):
    c = Clock()
    ran: list[int] = []
    c.call_rcu(lambda: ran.append(c.now_ns))
    c.run_until(_ticks(20))
    assert ran == [_ticks(6)]
    monkeypatch.setattr(clock, "RCU_GP_NS", None)
    c.call_rcu(lambda: ran.append(c.now_ns))
    c.run_until(_ticks(40))
    assert ran[1] == _ticks(20) + clock.RCU_GRACE_PERIOD_NS


def _held_pair(kthread_cpu: int) -> tuple[list, list]:
    """Two callbacks queued at tick 3 while the first grace period (ticks 1 to 5.3)
    runs, one on CPU 0 and one on CPU 1, the kthread ending it on ``kthread_cpu``:
    when each ran."""
    c = Clock()
    c.gp_kthread_wake = lambda prev: kthread_cpu
    c.now_ns = 1
    c.call_rcu(lambda: None, cpu=0)
    c.now_ns = _ticks(3)
    ran0: list[int] = []
    ran1: list[int] = []
    c.call_rcu(lambda: ran0.append(c.now_ns), cpu=0)
    c.call_rcu(lambda: ran1.append(c.now_ns), cpu=1)
    c.run_until(_ticks(30))
    assert c.gp_kthread_cpu == kthread_cpu
    return ran0, ran1


def test_tree_rcu_the_kthread_placed_at_the_end_numbers_its_own_cpu_first():
    """With more CPUs (item 314) a callback queued after its CPU saw the running grace
    period start waits for that end: on the CPU the kthread ends it on,
    rcu_gp_cleanup numbers it there and starts the next at once (tick 10); on the
    other CPU the tick after the end numbers it, the next already running: the one
    after (tick 14). Without the placement both took the one started at tick 6."""
    j, gp = clock.RCU_TICK_NS, clock.RCU_GP_NS
    assert ((j + 2 * gp) // j + 1) * j == _ticks(10)
    assert _held_pair(0) == ([_ticks(10)], [_ticks(14)])
    assert _held_pair(1) == ([_ticks(14)], [_ticks(10)])
    c = Clock()
    c.now_ns = 1
    c.call_rcu(lambda: None, cpu=0)
    c.now_ns = _ticks(3)
    assert c.rcu_due() == _ticks(11)


def test_tree_rcu_the_kthread_takes_its_previous_cpu_if_idle_else_the_next_idle():
    """kernel/rcu_tree.py: select_idle_sibling from the kthread's previous CPU, busy
    ones being the running task's and those a new task's first run holds."""
    from memcgsim.kernel.rcu_tree import gp_kthread_wake
    k = SimpleNamespace(nr_cpus=4, clock=Clock(), current=SimpleNamespace(cpu=1),
                        sched=SimpleNamespace(busy_until=[0, 0, 50, 0]))
    k.clock.now_ns = 10
    wake = gp_kthread_wake(k)
    assert wake(0) == 0
    assert wake(1) == 3             # its own CPU runs the task, the next one a new task
    k.current.cpu = 3
    assert wake(3) == 0
    k.sched.busy_until = [50, 50, 50, 0]
    assert wake(2) == 2             # none idle: where it was


def test_non_preemptible_rcu_a_kernel_span_over_the_first_tick_holds_the_grace_period(
        monkeypatch):
    """RCU_SCHED_QS (docs/fidelity.md item 394): a CPU in a kernel span from before
    its first tick after the start to past the nominal end passes no quiescent state
    until the span ends; the callback runs at the tick after it (the report and the
    kthread's cleanup at once: RCU_SCHED_CLEANUP_TICKS 0), and a grace period
    numbered meanwhile starts after that end. A span that begins after that tick
    leaves the nominal grace period (the CPU passed one before it)."""
    monkeypatch.setattr(clock, "RCU_SCHED_CLEANUP_TICKS", 0)
    gp = clock.RCU_GP_NS
    c = Clock()
    c.rcu_sched_qs = lambda: SimpleNamespace(cpu=1, pid=9)
    ran: list[tuple[str, int]] = []
    c.now_ns = _ticks(3) + 1
    c.call_rcu(lambda: ran.append(("a", c.now_ns)))     # gp from tick 4, due tick 9
    assert (c.gp_start, c.gp_end) == (_ticks(4), _ticks(4) + gp)
    c.rcu_span(1, _ticks(4), _ticks(20) + 5)            # CPU 1 in the kernel meanwhile
    c.run_until(_ticks(10))
    assert ran == []                                    # held by CPU 1's span
    c.call_rcu(lambda: ran.append(("b", c.now_ns)))     # numbered while it is held
    c.run_until(_ticks(40))
    assert ran[0] == ("a", _ticks(21))                  # the tick after the span's end
    # b's grace period started after a's real end: no sooner than a grace period on
    assert ran[1][0] == "b" and ran[1][1] >= _ticks(21) + gp
    # a span begun after the first tick: the CPU passed a quiescent state before it
    c2 = Clock()
    c2.rcu_sched_qs = lambda: SimpleNamespace(cpu=0, pid=9)
    got: list[int] = []
    c2.now_ns = _ticks(3) + 1
    c2.call_rcu(lambda: got.append(c2.now_ns))
    c2.rcu_span(0, _ticks(6), _ticks(30))
    c2.run_until(_ticks(40))
    assert got == [_ticks(9)]


def test_non_preemptible_rcu_spans_that_go_on_join():
    """Clock.rcu_span: a span starting within the CPU's last one extends it (a new
    task's first run, its parent's work on the same CPU), as does the same task's
    where its run after an exec ended (docs/fidelity.md item 422) and where its
    kernel work ended (its own user work between, one stretch drawn at
    RCU_TASK_USER_TICK_SHARE: item 450); another's starting where it ended, or any
    after, replaces it (a switch or user mode between); off, the callbacks are
    plain heap entries (no span is kept)."""
    u, t = clock.RCU_USER_TICK_SHARE, clock.RCU_TASK_USER_TICK_SHARE
    c = Clock()
    c.rcu_span(0, 10, 20, -1, 5)
    c.rcu_span(0, 15, 40, -1, 6)
    assert c._spans[0] == (10, 40, (), 5)
    c.rcu_span(0, 40, 45, 42, 5)
    assert c._spans[0] == (10, 45, ((10, 42, t, True), (42, 45, u, False)), 5)
    c.rcu_span(0, 50, 55, 52, 5)                        # after it: replaced
    assert c._spans[0] == (50, 55, ((52, 55, u, False),), 5)
    # the same task going on from its run after an exec: joined, both runs kept
    c.rcu_span(0, 55, 60, 58, 5)
    assert c._spans[0] == (50, 60, ((52, 55, u, False), (58, 60, u, False)), 5)
    c.rcu_span(0, 60, 62, -1, 5)
    assert c._spans[0] == (50, 62, ((52, 55, u, False), (58, 60, u, False)), 5)
    # ... and from its kernel work: a stretch between system calls, which goes on
    c.rcu_span(0, 62, 65, -1, 5)
    assert c._spans[0][2][-1] == (60, 65, t, True)
    c.rcu_span(0, 65, 70, -1, 5)
    assert c._spans[0] == (50, 70, ((52, 55, u, False), (58, 60, u, False),
                                    (60, 70, t, True)), 5)
    c.rcu_span(0, 70, 71, -1, 6)                        # another task's: a switch
    assert c._spans[0] == (70, 71, (), 6)
    c.rcu_span(0, 80, 90)
    assert c._spans[0] == (80, 90, (), -1)
    off = Clock()
    off.now_ns = 5
    off.call_rcu(print)
    assert off._heap[0][2] is print and off._spans == {}


def test_non_preemptible_rcu_a_tasks_spans_back_to_back_hold_until_a_user_tick(monkeypatch):
    """RCU_SCHED_QS (docs/fidelity.md item 450): two kernel spans of one task that
    touch (a shell's forks in a row) are one stretch of its time on the CPU; the
    grace period is held past the first span's end, to the stretch's first tick in
    user mode after the noticing tick (RCU_TASK_USER_TICK_SHARE of its ticks), or
    to its end, or to the tick after jiffies_to_sched_qs (rcu_urgent_qs); with no
    user tick, the boundary is no quiescent state (the report and the kthread's
    cleanup at once: RCU_SCHED_CLEANUP_TICKS 0)."""
    monkeypatch.setattr(clock, "RCU_SCHED_CLEANUP_TICKS", 0)

    def run(share: float, seed: int = 0) -> list[int]:
        monkeypatch.setattr(clock, "RCU_TASK_USER_TICK_SHARE", share)
        c = Clock()
        c.rcu_seed = seed
        c.rcu_sched_qs = lambda: SimpleNamespace(cpu=1, pid=9)
        ran: list[int] = []
        c.now_ns = _ticks(3) + 1
        c.call_rcu(lambda: ran.append(c.now_ns))        # gp from tick 4, due tick 9
        c.rcu_span(1, _ticks(4), _ticks(8) + 5, -1, 9)  # one fork ...
        c.rcu_span(1, _ticks(8) + 5, _ticks(20) + 5, -1, 9)  # ... and the next
        c.run_until(_ticks(40))
        return ran
    assert run(0.0) == [_ticks(21)]             # the stretch's end
    assert run(1.0) == [_ticks(9)]              # a user tick at 5: the nominal end
    c = Clock()
    c.rcu_seed = 8
    assert c._user_tick(1, _ticks(4), _ticks(4), _ticks(20) + 5, 0.1) == _ticks(12)
    assert run(0.1, 8) == [_ticks(13)]          # its first user tick, 12, ends it
    # a hold seen at the nominal end goes on while the same task's work joins it
    for pid, want in ((9, _ticks(21)), (8, _ticks(11))):
        c = Clock()
        c.rcu_sched_qs = lambda: SimpleNamespace(cpu=1, pid=9)
        monkeypatch.setattr(clock, "RCU_TASK_USER_TICK_SHARE", 0.0)
        ran = []
        c.now_ns = _ticks(3) + 1
        c.call_rcu(lambda: ran.append(c.now_ns))            # due tick 9
        c.rcu_span(1, _ticks(4), _ticks(10) + 5, -1, 9)
        c.run_until(_ticks(10))                             # held to 10 + 5
        c.rcu_span(1, _ticks(10) + 5, _ticks(20), -1, pid)  # its next fork, or another's
        c.run_until(_ticks(40))
        assert ran == [want]
    # a stretch with no user tick holds it to jiffies_to_sched_qs and the tick after
    c = Clock()
    c.rcu_sched_qs = lambda: SimpleNamespace(cpu=1, pid=9)
    monkeypatch.setattr(clock, "RCU_TASK_USER_TICK_SHARE", 0.0)
    ran: list[int] = []
    c.now_ns = _ticks(3) + 1
    c.call_rcu(lambda: ran.append(c.now_ns))
    for n in range(4, 80, 4):
        c.rcu_span(1, _ticks(n), _ticks(n + 4), -1, 9)  # forks back to back
    c.run_until(_ticks(90))
    assert clock.RCU_JIFFIES_TO_SCHED_QS == 25 and ran == [_ticks(4 + 26 + 1)]
    c = Clock()
    c.rcu_span(1, _ticks(4), _ticks(8) + 5, -1, 9)
    c.rcu_span(1, _ticks(8) + 5, _ticks(20) + 5, -1, 8)  # another task's: replaced
    assert c._spans[1] == (_ticks(8) + 5, _ticks(20) + 5, (), 8)


def test_non_preemptible_rcu_a_user_tick_in_the_run_after_exec_ends_the_hold(monkeypatch):
    """RCU_SCHED_QS with a span's run after its exec (docs/fidelity.md item 422): a
    tick there that finds the task in user mode is the CPU's quiescent state
    (``rcu_flavor_sched_clock_irq(user)``), if after the tick where it noticed the
    grace period; the draws are the seed's, the CPU's and the tick's alone (the
    report and the kthread's cleanup at once: RCU_SCHED_CLEANUP_TICKS 0)."""
    monkeypatch.setattr(clock, "RCU_SCHED_CLEANUP_TICKS", 0)
    c = Clock()
    c.rcu_sched_qs = lambda: SimpleNamespace(cpu=1, pid=9)
    monkeypatch.setattr(clock, "RCU_USER_TICK_SHARE", 1.0)
    # every tick of the run in user mode: the first after the noticing tick, in the run
    assert c._user_tick(1, _ticks(4), _ticks(2), _ticks(20)) == _ticks(5)
    assert c._user_tick(1, _ticks(4), _ticks(7) + 1, _ticks(20)) == _ticks(8)
    assert c._user_tick(1, _ticks(4), _ticks(19) + 1, _ticks(19) + 5) == -1  # no tick in it
    ran: list[int] = []
    c.now_ns = _ticks(3) + 1
    c.call_rcu(lambda: ran.append(c.now_ns))            # gp from tick 4, due tick 9
    c.rcu_span(1, _ticks(4), _ticks(20) + 5, _ticks(10) + 3, 9)  # its run from tick 11
    c.run_until(_ticks(40))
    assert ran == [_ticks(12)]          # the user tick 11 ends it; run at the next
    monkeypatch.setattr(clock, "RCU_USER_TICK_SHARE", 0.21)
    draws = [c._user_tick(0, _ticks(n), 0, _ticks(n + 1) + 1) >= 0 for n in range(2000)]
    assert 0.17 < sum(draws) / len(draws) < 0.25
    c.rcu_seed = 7
    assert [c._user_tick(0, _ticks(n), 0, _ticks(n + 1) + 1) >= 0 for n in range(2000)] != draws


def test_non_preemptible_rcu_a_held_grace_period_ends_a_report_and_a_cleanup_later(
        monkeypatch):
    """RCU_SCHED_QS with RCU_SCHED_CLEANUP_TICKS (docs/fidelity.md item 473): the
    holding task's quiescent state is reported at its CPU's tick (a user-mode tick's
    own; after its kernel work's end, the next) and the kthread's rcu_gp_cleanup runs
    a tick after that report; the callbacks at the tick after the cleanup. A span
    that ended in the last ticks before the nominal end holds it that long too."""
    monkeypatch.setattr(clock, "RCU_SCHED_CLEANUP_TICKS", 1)

    def run(span_end: int, run: int = -1, share: float = 0.0) -> list[int]:
        monkeypatch.setattr(clock, "RCU_USER_TICK_SHARE", share)
        c = Clock()
        c.rcu_sched_qs = lambda: SimpleNamespace(cpu=1, pid=9)
        ran: list[int] = []
        c.now_ns = _ticks(3) + 1
        c.call_rcu(lambda: ran.append(c.now_ns))        # gp from tick 4, due tick 9
        c.rcu_span(1, _ticks(4), span_end, run, 9)
        c.run_until(_ticks(40))
        return ran
    # the span's end at 20 + 5: reported at 21, the cleanup at 22, the callback at 23
    assert run(_ticks(20) + 5) == [_ticks(23)]
    # a user tick at 11 (every tick of the run from 10 + 3): reported there, the
    # cleanup at 12, the callback at 13
    assert run(_ticks(20) + 5, _ticks(10) + 3, 1.0) == [_ticks(13)]
    # a span ending at 7 + 5: reported at 8, cleaned up at 9, the nominal end's
    # tick: the callback at 10, a tick later than with the steps at once
    assert run(_ticks(7) + 5) == [_ticks(10)]
    monkeypatch.setattr(clock, "RCU_SCHED_CLEANUP_TICKS", 0)
    assert run(_ticks(7) + 5) == [_ticks(9)]
    # a span ending well before the nominal end holds nothing
    monkeypatch.setattr(clock, "RCU_SCHED_CLEANUP_TICKS", 1)
    assert run(_ticks(5) + 5) == [_ticks(9)]


def test_non_preemptible_rcu_spans_go_on_the_working_tasks_cpu(monkeypatch):
    """RCU_SCHED_QS on a 5.10 kernel (docs/fidelity.md item 422): a fork's span is
    its parent's, on the parent's CPU; an exec's and an exit's are the task's, on
    its CPU (not the current task's: the boot's kworker/0), the exec's last
    ``EXEC_RUN_NS`` its run after the exec, which its exit joins."""
    from memcgsim import Kernel
    from memcgsim.kernel import fork
    monkeypatch.setattr(clock, "RCU_SCHED_QS", True)
    k = Kernel(design="5.10", nr_cpus=2)
    sh = k.fork(k.init)
    sh.cpu = 1
    child = k.fork(sh)
    assert k.clock._spans[1][3] == sh.pid
    child.cpu = 0
    t0 = k.clock.now_ns
    k.exec(child, "/bin/true")
    s0, s1, runs, pid = k.clock._spans[0]
    assert (s0, pid) == (t0, child.pid) and s1 - s0 >= fork.EXEC_COST_NS
    assert runs == ((s1 - fork.EXEC_RUN_NS, s1, clock.RCU_USER_TICK_SHARE, False),)
    assert k.clock._spans[1][3] == sh.pid           # the parent's CPU untouched
    k.exit(child)
    assert k.clock._spans[0][:3] == (s0, s1 + fork.EXIT_COST_NS, runs)
