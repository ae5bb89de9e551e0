"""kernel/sched.py: placement, affinity, and when a forked child first runs."""
import pytest

from memcgsim import Kernel
from memcgsim.kernel.sched import PELT_HALFLIFE_NS, SAME_CPU_SLICE_NS, VCPU_WAKE_NS


def test_child_goes_to_another_cpu_unless_affinity_forbids():
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=4, seed=0)
    sh = k.spawn("bash")
    assert k.fork(sh).cpu != sh.cpu
    k.sched_setaffinity(sh, {2})
    assert sh.cpu == 2
    child = k.fork(sh)
    assert child.cpu == 2 and child.cpus_allowed == frozenset({2})
    k.sched_setaffinity(sh, range(4))
    assert sh.cpus_allowed is None and k.sched_getaffinity(sh) == [0, 1, 2, 3]


def test_affinity_outside_the_machine_is_einval():
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    with pytest.raises(OSError) as e:
        k.sched_setaffinity(sh, {5})
    assert e.value.errno == 22
    assert sh.cpus_allowed is None


def delays(seed, nr_cpus=2, pace=1.0, sched_pace=1.0, n=20):
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=nr_cpus, seed=seed, pace=pace,
               sched_pace=sched_pace)
    sh = k.spawn("bash")
    return [k.wake_up_new_task(sh, k.fork(sh)) for _ in range(n)]


def test_start_delay_is_seeded_and_scaled_by_pace():
    assert delays(1) == delays(1)
    assert delays(1) != delays(2)
    assert all(d > 0 for d in delays(3))
    # each child on an idle CPU of its own: its run is a calibrated cost, the
    # CPU's wake-up the machine's time (test_idle_cpus_wake_up_at_the_machines_pace)
    w = VCPU_WAKE_NS / 1e9
    assert delays(4, 8, pace=3.0, n=7) == pytest.approx(
        [3 * d - 2 * w for d in delays(4, 8, n=7)], abs=5e-9)
    # sharing the parent's CPU, the child waits for the parent's slice
    assert sum(delays(5, nr_cpus=1)) > sum(delays(5))


def test_same_cpu_child_waits_the_slice_at_the_machines_pace():
    """The parent's slice is the machine's time (the tick): the clock's pace
    stretches the child's run, not the slice; a slower machine (the scheduler's
    pace) ends the slice sooner in the model's time."""
    base = delays(6, nr_cpus=1)
    s = SAME_CPU_SLICE_NS / 1e9         # the delays are seconds
    assert delays(6, nr_cpus=1, pace=3.0) == pytest.approx(
        [3 * d - 2 * s for d in base], abs=5e-9)
    assert delays(6, nr_cpus=1, sched_pace=4.0) == pytest.approx(
        [d - s * 3 / 4 for d in base], abs=5e-9)


def test_idle_cpus_wake_up_at_the_machines_pace():
    """A child placed on another, idle CPU waits for that (v)CPU to wake: the
    machine's time, which the clock's pace leaves unstretched and the scheduler's
    pace shortens; 0.39 of the child's calibrated 1.125 ms (the guests' median
    share)."""
    assert VCPU_WAKE_NS == 438_750
    base = delays(4, 8, n=7)
    w = VCPU_WAKE_NS / 1e9
    assert delays(4, 8, sched_pace=4.0, n=7) == pytest.approx(
        [d - w * 3 / 4 for d in base], abs=5e-9)
    assert delays(4, 8, pace=2.0, sched_pace=2.0, n=7) == pytest.approx(
        [2 * d - w * 1.5 for d in base], abs=5e-9)


def test_forks_go_round_the_idle_cpus_least_utilized_first():
    """find_idlest_group: the parent's CPU is busy, the idle CPU of lowest (PELT)
    utilization wins, the first from the parent's CPU on a tie: short tasks forked
    one after another go round the other CPUs."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=4, seed=0)
    sh = k.spawn("bash")
    cpus = []
    for _ in range(6):
        c = k.fork(sh)
        cpus.append(c.cpu)
        k.exit(c, 0)
    others = [(sh.cpu + i) % 4 for i in (1, 2, 3)]
    assert cpus == others + others
    # utilization decays with PELT's half-life
    u = k.sched.cpu_util(others[0])
    k.advance(PELT_HALFLIFE_NS / 1e9)
    assert k.sched.cpu_util(others[0]) == pytest.approx(u / 2)


def test_mkdirs_of_a_shell_leave_batched_stats_on_the_cpus_they_ran_on():
    """5.10: each mkdir's per-CPU statistics are charged to the parent on the CPU the
    mkdir ran on (at 4 CPUs every CPU: the shell moves at its wakeups, as on the
    guests, calibration/sched-placement.sh), and memory.stat reads only what each CPU flushed (up to
    MEMCG_CHARGE_BATCH pages of bytes left per CPU); removing them on the same CPUs
    leaves the parent's counter at or above 0, and reading it never goes below 0."""
    import memcgsim
    from memcgsim.kernel.vmstat import MEMCG_PERCPU_B
    script = ("echo +memory > /sys/fs/cgroup/cgroup.subtree_control; P=/sys/fs/cgroup/P\n"
              "mkdir $P; echo +memory > $P/cgroup.subtree_control\n"
              "for ((i = 0; i < 200; i++)); do mkdir $P/c$i; done\n"
              "awk '$1 == \"percpu\" {print $2}' $P/memory.stat\n"
              "for ((i = 0; i < 200; i++)); do rmdir $P/c$i; done; sleep 1\n"
              "awk '$1 == \"percpu\" {print $2}' $P/memory.stat\n")
    r = memcgsim.run(script.split("for ((i = 0; i < 200; i++)); do rmdir")[0],
                     kernel="5.10", cgroup="v2", cpus=4, init="busybox")
    created = int(r.stdout)
    full = 200 * 2816 * 4
    p = r.kernel.cgroups.memory_css_of(r.kernel.memory_root.cgrp.children["P"])
    rows = {c: row[MEMCG_PERCPU_B] for c, row in p.stats.pcpu.items() if row[MEMCG_PERCPU_B]}
    assert len(rows) == 4 and all(0 < v <= 32 * 4096 for v in rows.values())
    assert created == full - sum(rows.values())
    r = memcgsim.run(script, kernel="5.10", cgroup="v2", cpus=4, init="busybox")
    removed = int(r.stdout.split()[1])
    p = r.kernel.cgroups.memory_css_of(r.kernel.memory_root.cgrp.children["P"])
    left = sum(row[MEMCG_PERCPU_B] for row in p.stats.pcpu.values())
    assert removed == max(0, -left) and -4 * 32 * 4096 <= left <= 4 * 32 * 4096


class _Draws:
    """Stands in for ``Sched.krng``: every draw returns ``v`` (0: a kernel thread
    takes the CPU looked at; 0.99: it is idle)."""
    def __init__(self, v):
        self.v = v

    def random(self):
        return self.v


def test_woken_task_stays_on_its_idle_cpu_else_takes_the_wakers():
    """select_task_rq_fair at a wakeup: the child on another CPU wakes its parent
    with WF_SYNC, wake_affine_idle targets the child's CPU (one task running), and
    select_idle_sibling keeps the parent's previous CPU if idle, else the target."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    prev = sh.cpu
    child = k.fork(sh)
    assert child.cpu != prev
    k.sched.krng = _Draws(0.99)
    assert k.sched.select_task_rq_wake(sh, child) == prev and sh.cpu == prev
    k.sched.krng = _Draws(0.0)
    assert k.sched.select_task_rq_wake(sh, child) == child.cpu and sh.cpu == child.cpu


def test_a_woken_task_holds_its_idle_cpu_until_its_vcpu_wakes():
    """try_to_wake_up onto an idle CPU enqueues the task there at once (idle_cpu
    reads it busy) and the idle vCPU runs it after its wake-up, the machine's time
    (VCPU_WAKE_NS at paces 1): a fork meanwhile stays on its parent's CPU. Woken on
    its waker's CPU, already running, it holds nothing."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    a = sh.cpu
    child = k.fork(sh)
    k.advance(0.01)                          # the child's first run is over
    c = child.cpu
    k.sched.krng = _Draws(0.99)
    assert k.sched.select_task_rq_wake(sh, child) == a
    assert k.sched.busy_until[a] == k.clock.now_ns + VCPU_WAKE_NS
    # a fork's placement by the child meanwhile: a is not idle, the local group kept
    assert k.sched.select_task_rq_fork(child) == c
    k.advance((VCPU_WAKE_NS + 1) / 1e9)
    assert k.sched.select_task_rq_fork(child) == a
    k.advance(0.01)
    k.sched.krng = _Draws(0.0)               # a taken by a kernel thread: c's
    assert k.sched.select_task_rq_wake(sh, child) == c
    assert max(k.sched.busy_until) <= k.clock.now_ns


def test_a_woken_task_does_not_hold_its_cpu_past_its_run():
    """The model runs a woken task at once: woken again (it blocked meanwhile)
    before its vCPU's wake-up would have ended, its own hold does not make its CPU
    busy to it: it stays there; once it blocks or exits the CPU is idle again."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=4, seed=0)
    sh = k.spawn("bash")
    a = sh.cpu
    child = k.fork(sh)
    k.advance(0.01)
    k.sched.krng = _Draws(0.99)
    assert k.sched.select_task_rq_wake(sh, child) == a
    assert k.sched.busy_until[a] > k.clock.now_ns
    k.advance(1e-4)
    assert k.sched.select_task_rq_wake(sh, child) == a
    assert k.sched.busy_until[a] == k.clock.now_ns + VCPU_WAKE_NS
    k.schedule(sh)                           # it blocks: a is idle again
    assert k.sched.busy_until[a] <= k.clock.now_ns
    k.sched.krng = _Draws(0.99)
    assert k.sched.select_task_rq_wake(sh, child) == a
    k.exit(sh, 0)                            # it exits: the same
    assert k.sched.busy_until[a] <= k.clock.now_ns


def test_a_woken_task_that_forks_ends_its_hold():
    """A task forks only when it runs (the guests: no fork by a task woken onto an
    idle CPU before its switch-in, tools/sizes/woken_fork.py): its fork ends its
    hold of the CPU, so a child kept there waits for what was queued before, not
    for the rest of the wake-up; another task's fork leaves the hold as it is."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    a = sh.cpu
    child = k.fork(sh)
    k.advance(0.01)
    k.sched.krng = _Draws(0.99)
    assert k.sched.select_task_rq_wake(sh, child) == a
    held = k.clock.now_ns + VCPU_WAKE_NS
    assert k.sched.busy_until[a] == held
    k.sched.busy_until[child.cpu] = held + 10**6     # the other CPU busy
    k.sched.select_task_rq_fork(child)               # not the holder's fork
    assert k.sched.busy_until[a] == held
    k.advance(1e-4)
    assert k.sched.select_task_rq_fork(sh) == a      # the holder's: its own CPU
    assert k.sched.busy_until[a] <= k.clock.now_ns
    assert k.sched.vheld[a] is None


def test_woken_task_leaves_the_cpu_its_waker_runs_on_for_an_idle_one():
    """The waker on the wakee's own CPU keeps it busy: select_idle_cpu finds the idle
    one (none idle: the target stays)."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=4, seed=0)
    sh = k.spawn("bash")
    child = k.fork(sh)
    child.cpu = sh.cpu
    sh.recent_used_cpu = sh.cpu             # no other CPU used before
    k.sched.krng = _Draws(0.99)
    assert k.sched.select_task_rq_wake(sh, child) == (child.cpu + 1) % 4
    child.cpu = sh.cpu
    k.sched.krng = _Draws(0.0)
    assert k.sched.select_task_rq_wake(sh, child) == child.cpu


class _Seq:
    """Stands in for ``Sched.krng``: the given draws in order (as :class:`_Draws`),
    then idle."""
    def __init__(self, *v):
        self.v = list(v)

    def random(self):
        return self.v.pop(0) if self.v else 0.99


@pytest.mark.parametrize("design", ["6.1", "5.10"])
def test_a_woken_task_whose_cpu_is_taken_goes_back_to_its_recent_cpu(design):
    """select_idle_sibling: prev taken, ``p->recent_used_cpu`` if idle, before the
    scan; taken, it becomes prev's, so a shell whose CPU is taken bounces between two
    CPUs. When the recent CPU is taken too, 6.1 (89aafd67f28c) still sets it to prev
    and 5.10 leaves it, and 5.10 sets the waker's to the waker's CPU."""
    k = Kernel(design=design, cgroup="v2", nr_cpus=8, seed=0)
    sh = k.spawn("bash")
    child = k.fork(sh)
    k.advance(0.01)                          # the child's first run is over
    a, c = sh.cpu, child.cpu
    r = next(x for x in range(8) if x not in (a, c, (c + 1) % 8))
    sh.recent_used_cpu = r
    k.sched.krng = _Seq(0.0)                 # prev taken, the recent CPU idle
    assert k.sched.select_task_rq_wake(sh, child) == r and sh.recent_used_cpu == a
    k.advance(0.01)                          # r's vCPU has woken and run it
    k.sched.krng = _Seq(0.0)
    assert k.sched.select_task_rq_wake(sh, child) == a and sh.recent_used_cpu == r
    k.advance(0.01)
    child.recent_used_cpu = -1
    k.sched.krng = _Seq(0.0, 0.0)            # prev and the recent CPU taken: the scan
    got = k.sched.select_task_rq_wake(sh, child)
    assert got not in (a, r, c)
    assert sh.recent_used_cpu == (a if design == "6.1" else r)
    assert child.recent_used_cpu == (-1 if design == "6.1" else c)


def test_fork_stays_on_the_parents_cpu_while_the_other_starts_a_new_task():
    """find_idlest_group: no idle CPU (the other runs a new task until its exec), the
    groups tie on idle_cpus and the local one is kept; once the exec is done the
    other CPU is idle again."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    bg = k.fork(sh)
    d = k.wake_up_new_task(sh, bg)
    assert bg.cpu != sh.cpu and d > 0
    assert k.fork(sh).cpu == sh.cpu
    k.advance(d + 1e-6)     # seconds
    assert k.fork(sh).cpu == bg.cpu


def test_child_on_the_parents_cpu_runs_when_the_parent_blocks():
    """One CPU: a new task is queued behind its running parent (place_entity's
    START_DEBIT, sched_child_runs_first 0) until the parent's slice ends; the
    parent's schedule() lets the queued children run at once, oldest first, one
    after the other; a new task forked onto the CPU before that waits for them."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=1, seed=0)
    sh = k.spawn("bash")
    a = k.fork(sh)
    ea = k.now + k.wake_up_new_task(sh, a)
    b = k.fork(sh)
    eb = k.now + k.wake_up_new_task(sh, b)
    assert ea - k.now > 1.5e-3 and eb - k.now > 2.5e-3      # the slice, then its run
    fg = k.fork(sh)
    k.advance(2e-4)
    moved = k.schedule(sh)
    assert [c for c, _ in moved] == [a, b]
    ra, rb = moved[0][1], moved[1][1]
    assert 0.75e-3 <= ra <= 1.5e-3 and ra + 0.75e-3 <= rb <= ra + 1.5e-3
    # the first sooner than its slice end; the second after it (the slice end no
    # longer applies: the CPU runs the first)
    assert k.now + ra < ea and k.now + rb > eb
    assert k.runqueue_wait(fg) == pytest.approx(rb)
    assert k.schedule(sh) == []             # nothing queued behind it any more
    k.advance(rb + 1e-6)
    assert k.runqueue_wait(k.fork(sh)) == 0


def test_parent_that_never_blocks_keeps_its_children_waiting_for_its_slice():
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=1, seed=0)
    sh = k.spawn("bash")
    c = k.fork(sh)
    d = k.wake_up_new_task(sh, c)
    k.advance(d + 1e-6)
    assert k.schedule(sh) == [] and k.runqueue_wait(k.fork(sh)) == 0


def test_another_cpu_going_idle_pulls_a_queued_child_unless_the_parent_blocks_first():
    """Two CPUs: the first child takes the idle CPU, the second is queued on the
    parent's; when the first child's run ends its CPU goes idle and pulls the
    second (newidle_balance), sooner than the parent's slice end. If the parent
    blocks before that, the second runs on the parent's CPU at once."""
    for block in (False, True):
        k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
        sh = k.spawn("bash")
        a = k.fork(sh)
        ea = k.now + k.wake_up_new_task(sh, a)
        b = k.fork(sh)
        t = k.now
        eb = t + k.wake_up_new_task(sh, b)
        assert a.cpu != sh.cpu and b.cpu == a.cpu
        assert ea + 0.75e-3 <= eb <= ea + 1.5e-3 < t + 2.625e-3
        if block:
            moved = k.schedule(sh)
            assert [c for c, _ in moved] == [b] and b.cpu == sh.cpu
            assert k.now + moved[0][1] < eb
            # the other CPU is busy with the first child's run only
            assert k.sched.busy_until[a.cpu] == pytest.approx(ea * 1e9, abs=1)
        else:
            k.advance(eb - k.now + 1e-6)
            assert k.schedule(sh) == [] and b.cpu == a.cpu


def test_cover_letter_loop_spreads_its_sleeps_over_both_cpus():
    """The shell moves at its wakeups, so its background sleeps (placed on the CPU it
    is not on) run on both CPUs, as on the guests (calibration/shell-wakeup.sh: 224 /
    276 and 234 / 266 of 500); before, all ran on one."""
    import memcgsim
    script = ("cd /sys/fs/cgroup/memory; echo 1 > memory.move_charge_at_immigrate\n"
              "for i in {1..100}; do mkdir kmem_test; echo $$ > kmem_test/cgroup.procs\n"
              "sleep 3600 & echo $$ > cgroup.procs\n"
              "echo `cat kmem_test/cgroup.procs` > cgroup.procs; rmdir kmem_test; done\n")
    r = memcgsim.run(script, kernel="6.1", cgroup="v1", init="busybox", seed=0)
    cpus = [t.cpu for t in r.kernel.tasks.values() if t.comm == "sleep" and t.alive]
    assert len(cpus) == 100
    assert 30 <= cpus.count(0) <= 70


def test_a_shell_is_placed_again_when_its_child_or_waited_job_wakes_it(monkeypatch):
    """Each foreground command's exit wakes the shell waiting for it (a builtin
    forks nothing), and so does the background job a ``wait`` slept on."""
    import memcgsim
    from memcgsim.kernel.sched import Sched
    calls = []
    orig = Sched.select_task_rq_wake

    def spy(self, p, waker):
        calls.append((p.comm, waker.comm))
        return orig(self, p, waker)
    monkeypatch.setattr(Sched, "select_task_rq_wake", spy)
    memcgsim.run("true; x=$(cat /proc/self/stat); sleep 1 & wait\n"
                 "sleep 2 & sleep 3\n", kernel="6.1", cgroup="v2", init="busybox")
    assert calls == [("bash", "cat"), ("bash", "sleep"), ("bash", "sleep")]


def test_a_dead_tasks_utilization_leaves_its_cpu_at_the_next_blocked_load_update():
    """task_dead_fair → remove_entity_load_avg: an exited task's utilization goes to
    its CPU's ``cfs_rq->removed``, taken out at the next update of that cfs_rq (the
    idle CPUs' blocked load every 32 ms, or a task enqueued there). Until then the
    next fork avoids the CPU; after it the CPU is as unused as before and, first
    after the parent's, gets the next fork again."""
    from memcgsim.kernel.sched import NOHZ_STATS_PERIOD_NS
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=4, seed=0)
    sh = k.spawn("bash")
    first = (sh.cpu + 1) % 4
    c = k.fork(sh)
    assert c.cpu == first
    k.exit(c, 0)
    assert k.sched.removed[first] and k.sched.cpu_util(first) > 500   # its initial 512
    c2 = k.fork(sh)
    assert c2.cpu == (sh.cpu + 2) % 4          # stale: the dead task still counts
    k.exit(c2, 0)
    k.advance(NOHZ_STATS_PERIOD_NS / 1e9)
    c3 = k.fork(sh)
    assert c3.cpu == first and k.sched.removed == [[], [], [], []]
    # c3's own (post_init_entity_util_avg: half of 1024) and the kernel work the
    # dead ones left (under 1 at the model's pace)
    assert k.sched.cpu_util(first) == pytest.approx(512, abs=1)
    # a live (sleeping) task's utilization stays, decaying: its CPU is avoided
    k.advance(NOHZ_STATS_PERIOD_NS / 1e9)
    assert k.fork(sh).cpu == (sh.cpu + 2) % 4


def test_the_blocked_load_update_runs_each_period_not_at_the_fork():
    """The idle CPUs' blocked load is updated every NOHZ_STATS_PERIOD_NS (a busy
    CPU's tick or a newly idle CPU triggers it once due), not when the parent forks:
    a command that died after the last update still counts at the next fork, even
    when an update has been due since (the guests' loops alternate between the first
    two CPUs after the shell's: tools/sizes/recordings/fork-cpus-trace--*.txt)."""
    from memcgsim.kernel.sched import NOHZ_STATS_PERIOD_NS as P
    k = Kernel(design="5.10", cgroup="v2", nr_cpus=4, seed=0)
    sh = k.spawn("bash")
    first = (sh.cpu + 1) % 4

    def to(t_ns):
        k.advance((t_ns - k.clock.now_ns) / 1e9)
    c = k.fork(sh)
    assert c.cpu == first
    to((k.clock.now_ns // P + 1) * P + P // 2)   # half a period after an update
    k.exit(c, 0)
    to(k.clock.now_ns + P * 4 // 10)              # due, not run since the death
    c2 = k.fork(sh)
    assert c2.cpu == (sh.cpu + 2) % 4            # the dead command still counts
    to(k.clock.now_ns + P // 5)                   # past the next period's update
    c3 = k.fork(sh)
    assert c3.cpu == first and not k.sched.removed[first]


def test_the_shells_cpu_is_taken_by_a_kernel_thread_only_when_no_other_is_idle():
    """A woken shell stays on its idle previous CPU: the kernel's threads take it
    with KTHREAD_BUSY_P only when it is the only idle CPU besides the waker's (2
    CPUs), else rarely (KTHREAD_BUSY_SPREAD_P)."""
    from memcgsim.kernel.sched import KTHREAD_BUSY_P, KTHREAD_BUSY_SPREAD_P
    assert KTHREAD_BUSY_SPREAD_P < 0.1 < KTHREAD_BUSY_P
    for nr, moves in ((2, True), (4, False), (8, False)):
        k = Kernel(design="6.1", cgroup="v2", nr_cpus=nr, seed=0)
        sh = k.spawn("bash")
        prev = sh.cpu
        child = k.fork(sh)
        k.advance(0.01)                          # the child's first run is over
        k.sched.krng = _Draws(0.1)
        assert (k.sched.select_task_rq_wake(sh, child) != prev) is moves


def _free_cpus(monkeypatch, late_p, nr_cpus=4, n=40):
    """The CPUs the reaped commands' ``delayed_put_task_struct`` ran on, and the
    shell's and commands' CPUs."""
    from dataclasses import replace
    from memcgsim.designs import get_design
    from memcgsim.kernel.fork import Processes
    k = Kernel(design=replace(get_design("6.1"), dead_switch_late_p=late_p), cgroup="v2",
               nr_cpus=nr_cpus, seed=0)
    ran = []
    free = Processes._free_task_struct

    def spy(self, cpu, objs, cred):
        ran.append(cpu)
        free(self, cpu, objs, cred)
    monkeypatch.setattr(Processes, "_free_task_struct", spy)
    sh = k.spawn("bash")
    where = []
    for _ in range(n):
        c = k.fork(sh)
        k.exit(c, 0)
        k.reap(c)
        where.append((sh.cpu, c.cpu))
        k.advance(0.01)
    return ran, where


def test_the_last_rcu_users_put_queues_the_task_free_on_its_cpu(monkeypatch):
    """put_task_struct_rcu_user: release_task's put and the dead task's final
    finish_task_switch each drop one of its two rcu_users; the later queues
    delayed_put_task_struct on its CPU: the reaper's, or at the design's rate the
    dead command's own (Sched.dead_switch_after_reap)."""
    queued, where = _free_cpus(monkeypatch, (0, 1))
    assert queued == [s for s, c in where] and all(s != c for s, c in where)
    queued, where = _free_cpus(monkeypatch, (1, 1))
    assert queued == [c for s, c in where]
    queued, where = _free_cpus(monkeypatch, (1, 4), n=400)
    late = sum(q == c for q, (s, c) in zip(queued, where))
    assert 60 < late < 140
    # the designs: the guests' rates on 5.10 and 6.1, none in the seed's
    from memcgsim.designs import get_design
    assert get_design("5.13").dead_switch_late_p[0] == 0
    p510, p61 = (n / d for n, d in (get_design(k).dead_switch_late_p for k in ("5.10", "6.1")))
    assert 0.0 < p510 < p61 < 0.1


def test_kernel_work_a_command_leaves_keeps_its_cpu_behind_on_a_slow_machine():
    """What a dead command's kernel work left on its CPU (KWORK_NS) is under 1 of 1024
    at the model's own pace, and ``util_avg`` is an integer: once the dead task's
    utilization is removed the CPU ties with an unused one and, first after the
    parent's, takes the next fork. On a machine 30 times slower (``sched_pace``: PELT's
    clock runs at the guest's pace) the same work reads above 0 for a few half-lives,
    so the next fork passes over it to the first unused CPU (docs/fidelity.md item
    143 of fork31)."""
    from memcgsim.kernel.sched import NOHZ_STATS_PERIOD_NS, PELT_HALFLIFE_NS
    for pace, second in ((1.0, 1), (30.0, 2)):
        k = Kernel(design="6.1", cgroup="v2", nr_cpus=8, seed=0, sched_pace=pace)
        sh = k.spawn("bash")
        c = k.fork(sh)
        assert c.cpu == (sh.cpu + 1) % 8
        k.exit(c, 0)
        k.advance(NOHZ_STATS_PERIOD_NS / pace / 1e9)     # its removal applied
        c2 = k.fork(sh)         # the removal is applied first (the blocked update)
        assert c2.cpu == (sh.cpu + second) % 8, pace
    assert not k.sched.removed[c.cpu] and 1 <= k.sched.util_read(c.cpu, k.sched.pelt_now()) < 64
    # and after enough half-lives the CPU is as unused as before
    k.advance(8 * PELT_HALFLIFE_NS / 30.0 / 1e9)
    assert k.sched.util_read(c.cpu, k.sched.pelt_now()) == 0


def test_sched_pace_must_be_positive():
    """``Kernel(sched_pace=...)`` is a factor: zero or negative is refused."""
    with pytest.raises(ValueError):
        Kernel(nr_cpus=4, sched_pace=0)


def test_parent_loses_its_cpu_to_its_child_at_the_slices_end():
    """1 CPU: a child queued behind its running parent runs at the tick past the
    parent's slice (check_preempt_tick): the parent's work then takes the child's
    run longer; a parent that blocks first lets it run then and loses nothing."""
    def parent_work(block_first):
        k = Kernel(design="5.10", cgroup="v2", nr_cpus=1, seed=3)
        sh = k.spawn("bash")
        child = k.fork(sh)
        t0 = k.clock.now_ns
        d = k.sched.wake_up_new_task(sh, child)
        if block_first:
            k.schedule(sh)
        k.clock.tick(d + 1_000_000)         # past the child's first run
        return k.clock.now_ns - t0, d, k.sched.slice_ns()
    took, d, slice_ns = parent_work(False)
    run = d - slice_ns
    assert run > 0 and took == d + 1_000_000 + run
    took, d, _ = parent_work(True)
    assert took == d + 1_000_000


def test_the_gp_kthread_holds_the_idle_cpu_it_is_woken_onto(monkeypatch):
    """With GP_KTHREAD_HOLDS the grace-period kthread is woken at each boundary of
    the model's grace periods and placed as select_task_rq_fair places it: its
    previous CPU if idle, else the first idle one after it (the running task's CPU,
    the forking parent's, is not idle). There it holds the CPU for a drawn length
    (5.10's grace period asked for by the busy CPU's tick: the remote knots; one
    started at the last one's end wakes nothing): a fork
    meanwhile keeps the child on its parent's CPU and a wake-up finds the CPU
    taken, with no KTHREAD_BUSY_P draw; once the hold ends the CPU is idle."""
    from memcgsim.kernel import sched as S
    monkeypatch.setattr(S, "GP_KTHREAD_HOLDS", True)
    k = Kernel(design="5.10", cgroup="v2", nr_cpus=2, seed=0)
    assert k.sched.khold_us == k.design.gp_kthread_hold_us != ()
    sh = k.spawn("bash")
    a = sh.cpu
    b = 1 - a
    k.advance(0.01)
    k.sched.kcpu = b                  # last ran on the other CPU, idle now
    k.sched.khrng = _Draws(0.95)      # between the 90th and 99th percentiles
    now = k.clock.now_ns
    k.clock.gp_prev_start, k.clock.gp_prev_end = -1, -1
    k.clock.gp_start, k.clock.gp_end = now - 1000, now + 10**9
    k.clock.gp_start_cpu = -2         # started at the last one's end: no wake-up
    k.sched.krng = None               # no draw may be taken at 2 CPUs
    assert k.sched.select_task_rq_fork(sh) == b and k.sched.khold == [0, 0]
    k.sched.kwoke = -1
    k.clock.gp_start_cpu = a          # asked for by the shell's CPU's tick
    assert k.sched.select_task_rq_fork(sh) == a     # b held: the child kept on a
    knots = k.design.gp_kthread_remote_hold_us
    us = knots[9] + (knots[10] - knots[9]) * 0.5
    assert k.sched.kcpu == b
    assert k.sched.khold[b] == now - 1000 + int(us * 1000)
    assert not k.sched.available_idle_cpu(b, a)
    k.advance((k.sched.khold[b] - k.clock.now_ns + 1) / 1e9)
    assert k.sched.available_idle_cpu(b, a)
    assert k.sched.select_task_rq_fork(sh) == b


def _gp_kthread_at(k, a: int, draw: float, gp_start: int) -> None:
    """The kthread last ran on CPU ``a``, its draws all ``draw``, one grace period
    running from ``gp_start`` (ns) for a second, the one before it unseen."""
    k.sched.kcpu = a
    k.sched.khrng = _Draws(draw)
    k.clock.gp_prev_start, k.clock.gp_prev_end = -1, -1
    k.clock.gp_start, k.clock.gp_end = gp_start, gp_start + 10**9
    k.sched.krng = None               # no KTHREAD_BUSY_P draw at 2 CPUs


def test_the_gp_kthread_woken_by_an_interrupt_stays_on_its_busy_cpu(monkeypatch):
    """A wake-up by an interrupt (5.10's force-quiescent-state tick, 6.1's grace-period
    boundaries too: item 389) of a kthread whose CPU is busy leaves it queued there
    at the design's gp_kthread_busy_stay rate (a draw below it): no idle CPU taken,
    the fork's child goes to the other CPU; above it, an idle CPU's interrupt takes
    it there, for the interrupt's knots (gp_kthread_hold_us)."""
    from memcgsim.kernel import sched as S
    monkeypatch.setattr(S, "GP_KTHREAD_HOLDS", True)
    monkeypatch.setattr(S, "GP_KTHREAD_FQS", True)
    for design, start_ticks in (("5.10", 1), ("6.1", 0)):
        k = Kernel(design=design, cgroup="v2", nr_cpus=2, seed=0)
        stay = k.design.gp_kthread_busy_stay
        assert 0 < stay[0] < stay[1]
        sh = k.spawn("bash")
        a = sh.cpu
        b = 1 - a
        k.advance(0.01)
        now = k.clock.now_ns
        # 5.10: only a tick (the boundary, woken from the busy CPU, seen already);
        # 6.1: the boundary itself is an interrupt's
        start = now - 1000 - start_ticks * S.RCU_TICK_NS
        k.clock.gp_start_cpu = a          # 6.1: no remote knots, an interrupt's
        _gp_kthread_at(k, a, 0.0, start)
        k.sched.kwoke = start - 1 + start_ticks
        assert k.sched.select_task_rq_fork(sh) == b      # stayed queued on a
        assert k.sched.kcpu == a and k.sched.khold == [0, 0]
        _gp_kthread_at(k, a, 0.999, start)
        k.sched.kwoke = start - 1 + start_ticks
        assert k.sched.select_task_rq_fork(sh) == a      # b's interrupt took it
        knots = k.design.gp_kthread_hold_us
        u = 0.999 * (len(knots) - 1)
        us = knots[int(u)] + (knots[int(u) + 1] - knots[int(u)]) * (u - int(u))
        assert k.sched.kcpu == b
        assert k.sched.khold[b] == now - 1000 + int(us * 1000)


def test_the_gp_kthread_sees_the_looking_task_running():
    """The CPU a fork's or a wake-up's look names as running (its parent's, its
    waker's) is the busy one the kthread is not woken onto, not the kernel's
    ``current`` (a kworker of CPU 0 while the shell forks on CPU 1: item 389)."""
    from memcgsim.kernel import sched as S
    saved = S.GP_KTHREAD_HOLDS
    S.GP_KTHREAD_HOLDS = True
    try:
        k = Kernel(design="5.10", cgroup="v2", nr_cpus=2, seed=0)
    finally:
        S.GP_KTHREAD_HOLDS = saved
    sh = k.spawn("bash")
    k.advance(0.01)
    sh.cpu = 1
    k.current = k.kworkers[0]
    now = k.clock.now_ns
    _gp_kthread_at(k, 0, 0.5, now - 1000)
    k.clock.gp_start_cpu = -1         # not said: the looker's CPU asked for it
    assert k.sched.select_task_rq_fork(sh) == 1      # CPU 0 held, not CPU 1
    assert k.sched.kcpu == 0 and k.sched.khold[0] > now and k.sched.khold[1] == 0


def test_the_gp_kthread_holds_are_off_by_default():
    """GP_KTHREAD_HOLDS is off (item 374: measured, not kept): the designs carry the
    guests' knots, the scheduler uses none of them."""
    from memcgsim.kernel import sched as S
    assert S.GP_KTHREAD_HOLDS is False
    for d in ("5.10", "6.1"):
        k = Kernel(design=d, cgroup="v2", nr_cpus=2, seed=0)
        assert len(k.design.gp_kthread_hold_us) == 11 and k.sched.khold_us == ()
        assert k.sched.kremote_us == ()
    assert len(Kernel(design="5.10", nr_cpus=2).design.gp_kthread_remote_hold_us) == 11
    assert Kernel(design="6.1", nr_cpus=2).design.gp_kthread_remote_hold_us == ()


def test_a_sleepers_own_cpu_is_drawn_at_the_sleepers_rate(monkeypatch):
    """With KTHREAD_SLEEPER a shell woken by a child exiting on the other CPU finds
    its own idle CPU taken at KTHREAD_SLEEPER_P (the guests' 7 of 353), not at
    KTHREAD_BUSY_P; a child exiting on the shell's own CPU still meets the other
    CPU's KTHREAD_BUSY_P draw (item 417)."""
    from memcgsim.kernel import sched as S
    assert S.KTHREAD_SLEEPER_P < 0.05 < S.KTHREAD_BUSY_P
    monkeypatch.setattr(S, "KTHREAD_SLEEPER", True)
    k = Kernel(design="5.10", cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    prev = sh.cpu
    child = k.fork(sh)
    assert child.cpu != prev
    k.advance(0.01)                          # the child's first run is over
    k.sched.krng = _Draws(0.1)               # between the two rates
    assert k.sched.select_task_rq_wake(sh, child) == prev
    k.sched.krng = _Draws(S.KTHREAD_SLEEPER_P / 2)
    assert k.sched.select_task_rq_wake(sh, child) == child.cpu
    home = k.spawn("bash")
    home.cpu = child.cpu                     # a child on its parent's CPU exits
    kid = k.fork(home)
    kid.cpu = home.cpu
    k.advance(0.01)
    k.sched.krng = _Draws(0.1)               # the other CPU taken: it stays
    assert k.sched.select_task_rq_wake(home, kid) == kid.cpu


def test_a_kernel_thread_a_fork_meets_holds_its_cpu(monkeypatch):
    """With KTHREAD_AT_FORK the only idle CPU besides the parent's is found taken
    with KTHREAD_BUSY_P at a fork and held for a drawn KTHREAD_FORK_HOLD_US length
    (the machine's time): the child is kept on its parent's CPU, a wake-up meanwhile
    finds that CPU taken, the idle CPU pulls the queued child only once the hold
    ends; with several idle CPUs no draw (item 417)."""
    from memcgsim.kernel import sched as S
    monkeypatch.setattr(S, "KTHREAD_AT_FORK", True)
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    a = sh.cpu
    b = 1 - a
    k.sched.krng = _Draws(0.5)               # above KTHREAD_BUSY_P: idle
    assert k.sched.select_task_rq_fork(sh) == b and k.sched.kfork == [0, 0]
    k.sched.krng = _Draws(0.1)               # taken, for the 10th percentile's length
    now = k.clock.now_ns
    assert k.sched.select_task_rq_fork(sh) == a
    assert k.sched.kfork[b] == now + 1 + int(S.KTHREAD_FORK_HOLD_US[1] * 1000)
    assert not k.sched.available_idle_cpu(b, a)
    child = k.fork(sh)                       # held: no new draw, kept home
    assert child.cpu == a
    d = k.wake_up_new_task(sh, child)
    assert child.cpu == b                    # pulled by b once its hold ends
    assert d * 1e9 >= k.sched.kfork[b] - k.clock.now_ns
    k.advance(d + 1e-6)
    k.sched.krng = _Draws(0.5)
    assert k.sched.available_idle_cpu(b, a)
    k4 = Kernel(design="6.1", cgroup="v2", nr_cpus=4, seed=0)
    k4.sched.krng = None                     # several idle CPUs: no draw
    assert k4.sched.select_task_rq_fork(k4.spawn("bash")) != 0


def test_the_kernel_thread_switches_are_off_by_default():
    """KTHREAD_SLEEPER and KTHREAD_AT_FORK are off (item 417: judged over seeds)."""
    from memcgsim.kernel import sched as S
    assert S.KTHREAD_SLEEPER is False and S.KTHREAD_AT_FORK is False
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    assert k.sched.kfork is None and k.sched.ksleeper is False


def test_an_exiting_wakers_wake_up_keeps_the_sleepers_cpu(monkeypatch):
    """With WAKE_EXITING_NOT_SYNC an exiting child's wake-up of its parent is not
    sync (select_task_rq_fair: PF_EXITING clears WF_SYNC): wake_affine keeps the
    parent's previous CPU even when a kernel thread has it, where the sync rule
    takes the child's CPU; at 4 CPUs the idle scan starts after prev; a sync
    wake-up (a live waker's) still goes to the waker's CPU (item 440)."""
    from memcgsim.kernel import sched as S
    k = Kernel(design="5.10", cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    prev = sh.cpu
    child = k.fork(sh)
    assert child.cpu != prev
    k.advance(0.01)                          # the child's first run is over
    k.sched.krng = _Draws(0.1)               # prev found taken (KTHREAD_BUSY_P)
    assert k.sched.select_task_rq_wake(sh, child) == child.cpu     # main: sync
    sh.cpu = prev
    monkeypatch.setattr(S, "WAKE_EXITING_NOT_SYNC", True)
    k = Kernel(design="5.10", cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    prev = sh.cpu
    child = k.fork(sh)
    k.advance(0.01)
    k.sched.krng = _Draws(0.1)
    assert k.sched.select_task_rq_wake(sh, child) == prev          # queued on prev
    k.sched.krng = _Draws(0.1)
    assert k.sched.select_task_rq_wake(sh, child, sync=True) == child.cpu
    k = Kernel(design="5.10", cgroup="v2", nr_cpus=4, seed=0)
    sh = k.spawn("bash")
    sh.cpu, sh.recent_used_cpu = 1, 1
    w = k.spawn("bash")
    w.cpu = 3
    k.sched.busy_until[1] = k.clock.now_ns + 10**9     # prev taken
    k.sched.krng = _Draws(0.9)               # the others idle
    assert k.sched.select_task_rq_wake(sh, w) == 2     # the first idle after prev
    assert S.WAKE_EXITING_NOT_SYNC is True


def test_the_wake_switches_of_session_44_are_off_by_default():
    """WAKE_EXITING_NOT_SYNC and PIPE_RELEASE_WAKES are off (items 440, 441)."""
    from memcgsim.kernel import pipe as P
    from memcgsim.kernel import sched as S
    assert S.WAKE_EXITING_NOT_SYNC is False and P.PIPE_RELEASE_WAKES is False
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    assert k.sched.nonsync is False and k.pipe_release_wakes is False
