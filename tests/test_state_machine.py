"""Stateful property test of the ``Kernel`` API: random sequences of syscalls over
cgroups, tasks, memory, files and time, for each design and cgroup version, with
``check_invariants`` after every step and a clean-up check at the end of each run.

The only exceptions a step may raise are the OSErrors the API documents (with the
errno the rule predicts) and :class:`TaskKilled` for an OOM victim.
"""
from __future__ import annotations

import errno
import signal

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (Bundle, RuleBasedStateMachine, consumes, initialize,
                                 invariant, multiple, rule, run_state_machine_as_test)

from memcgsim import Kernel
from memcgsim.designs import DESIGNS
from memcgsim.kernel.invariants import check_invariants
from memcgsim.kernel.memcontrol import MemCgroup
from memcgsim.kernel.page_alloc import HANDLE_SHIFT
from memcgsim.kernel.vmstat import NR_KERNEL_STACK_KB, PGFAULT, memcg_event_total
from memcgsim.sysapi import TaskKilled

PAGE = 4096
MAX_DEPTH = 3

SETTINGS = settings(max_examples=100, stateful_step_count=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.filter_too_much],
                    derandomize=True, database=None)


def expect_errno(fn, *allowed):
    """Run ``fn``; return the errno of an OSError (which must be in ``allowed``)
    or 0."""
    try:
        fn()
    except OSError as e:
        assert e.errno in allowed, f"unexpected {errno.errorcode.get(e.errno)}: {e}"
        return e.errno
    return 0


def stock_residue(k) -> set:
    """Cgroups the CPUs still pin: a per-CPU charge stock (``drain_all_stock`` at
    offline skips a stock that caches the memcg with no pages, the F2 gap in
    docs/kernel-facts.md, and a stock refilled after offline, by a kmem page of the
    dying memcg uncharged on that CPU, is drained only when that CPU next caches
    another memcg) and, where kmem pages hold their memcg (before v5.13's
    obj_cgroups), an exited task's PGD kept as a CPU's lazy TLB mm until a user task
    is switched in there (kernel/fork.py ``LazyMm``, docs/fidelity.md item 215).
    The memcg pins its cgroup and every ancestor cgroup."""
    out = set()
    root = k.memcg.root_mem_cgroup
    held = [s.cached for s in k.memcg.stocks]
    data, handles = k.mem_map.memcg_data, k.memcg.handles
    held += [handles.get(data[m.pgd[0]] >> HANDLE_SHIFT)
             for m in k.procs.lazy_mm if m is not None and m.pgd]
    for m in held:
        if not isinstance(m, MemCgroup) or m is root:
            continue
        c = m.cgroup
        while c.parent is not None:
            out.add(c)
            c = c.parent
    return out


class KernelMachine(RuleBasedStateMachine):
    DESIGN = "5.13"
    MODE = "v1"

    cgroups = Bundle("cgroups")
    tasks = Bundle("tasks")

    def __init__(self) -> None:
        super().__init__()
        self.k = Kernel(design=self.DESIGN, cgroup=self.MODE, nr_cpus=2, seed=0)
        self.sh = self.k.spawn("bash")     # the controlling shell, stays in the root
        self.R = "/sys/fs/cgroup" if self.MODE == "v2" else "/sys/fs/cgroup/memory"
        self.v2 = self.MODE == "v2"
        self.n = 0
        self.live = {""}                   # cgroup paths relative to R
        self.files: set[str] = set()

    # ----------------------------------------------------------------- helpers
    def cg(self, rel: str):
        c = self.k.memory_root.cgrp
        for part in filter(None, rel.split("/")):
            c = c.children[part]
        return c

    def path(self, rel: str) -> str:
        return self.R + ("/" + rel if rel else "")

    def alive_tasks_in(self, rel: str) -> bool:
        return bool(self.cg(rel).tasks)

    # ------------------------------------------------------------------- setup
    @initialize(target=cgroups)
    def root_cgroup(self):
        return ""

    @initialize(target=tasks)
    def first_task(self):
        return self.k.spawn("bash")

    # ----------------------------------------------------------------- cgroups
    @rule(target=cgroups, parent=cgroups, enable=st.booleans())
    def mkdir(self, parent, enable):
        if parent not in self.live or parent.count("/") + bool(parent) >= MAX_DEPTH:
            return multiple()
        k = self.k
        if self.v2 and (enable or parent == ""):
            pc = self.cg(parent)
            avail = True if parent == "" else "memory" in pc.parent.subtree_control
            busy = parent != "" and bool(pc.tasks)
            want = 0 if (avail and not busy) else (errno.ENOENT if not avail else errno.EBUSY)
            got = expect_errno(lambda: k.write(self.path(parent) + "/cgroup.subtree_control",
                                               "+memory", self.sh), errno.EBUSY, errno.ENOENT)
            assert got == want
        self.n += 1
        name = f"c{self.n}"
        rel = f"{parent}/{name}" if parent else name
        k.mkdir(self.path(rel), self.sh)
        self.live.add(rel)
        if not self.v2 or "memory" in self.cg(parent).subtree_control:
            assert "memory" in self.cg(rel).subsys
        return rel

    @rule(target=cgroups, rel=consumes(cgroups))
    def rmdir(self, rel):
        if rel not in self.live:
            return multiple()
        busy = rel == "" or self.alive_tasks_in(rel) or any(
            p.startswith(rel + "/") for p in self.live)
        got = expect_errno(lambda: self.k.rmdir(self.path(rel), self.sh), errno.EBUSY)
        assert got == (errno.EBUSY if busy else 0)
        if busy:
            return rel
        self.live.discard(rel)
        return multiple()

    @rule(rel=cgroups, kind=st.sampled_from(["high", "max"]),
          kib=st.sampled_from([64, 256, 512, 1024, 4096, None]))
    def set_limit(self, rel, kind, kib):
        if rel not in self.live:
            return
        k = self.k
        val = "max" if kib is None else f"{kib}K"
        if self.v2:
            has = rel != "" and "memory" in self.cg(rel).subsys
            # a file a cgroup lacks: the shell's O_CREAT open meets kernfs, which
            # has no ->create (EACCES, as the recorded kernels say)
            got = expect_errno(lambda: k.write(f"{self.path(rel)}/memory.{kind}", val, self.sh),
                               errno.EACCES)
            assert got == (0 if has else errno.EACCES)
        else:
            v1 = "-1" if kib is None else val
            got = expect_errno(lambda: k.write(f"{self.path(rel)}/memory.limit_in_bytes", v1,
                                               self.sh), errno.EINVAL, errno.EBUSY)
            assert (got == errno.EINVAL) == (rel == "")

    # ------------------------------------------------------------------- tasks
    def _killed_in_fork(self, parent, e: TaskKilled) -> None:
        """The OOM killer chose ``parent`` while it charged its child (it dies in
        fork: copy_process) or in another syscall of its own (it dies on that
        syscall's return); a killed controlling shell is replaced by a new one."""
        assert e.pid == parent.pid and not parent.alive
        if parent is self.sh:
            if parent.state == "zombie":
                self.k.reap(parent)
            self.sh = self.k.spawn("bash")

    @rule(target=tasks, parent=tasks, prog=st.sampled_from(["sleep", "bash"]))
    def fork_exec(self, parent, prog):
        k = self.k
        if not parent.alive:
            with pytest.raises(TaskKilled):
                k.fork(parent)
            return multiple()
        try:
            child = k.fork(parent)
        except OSError as e:
            assert e.errno == errno.ENOMEM
            return multiple()
        except TaskKilled as e:
            self._killed_in_fork(parent, e)
            return multiple()
        assert child.cgroups == parent.cgroups
        try:
            k.exec(child, "/bin/" + prog, [prog])
        except TaskKilled:
            assert not child.alive
        return child

    @rule(target=tasks, rel=cgroups, prog=st.sampled_from(["sleep", "bash"]),
          back=st.booleans())
    def fork_in(self, rel, prog, back):
        """The seed loop's step: the shell joins ``rel``, forks (the child's stack and
        task structures are charged there) and leaves; the child execs and stays, or
        is moved back to the root too (``back``)."""
        if rel not in self.live:
            return multiple()
        k = self.k
        sh = self.sh
        c = self.cg(rel)
        busy = self.v2 and rel != "" and bool(c.subtree_control)
        got = expect_errno(lambda: k.write(self.path(rel) + "/cgroup.procs", str(sh.pid), sh),
                           errno.EBUSY, errno.ENOMEM)
        if got == errno.ENOMEM:
            # v1 move_charge_at_immigrate: the shell's pages cannot be precharged
            # under rel's limit (mem_cgroup_can_attach -> mem_cgroup_precharge_mc):
            # it stays where it was, nothing forked
            assert not self.v2 and not busy
            assert sh.cgroups[k.memory_root] is self.cg("")
            return multiple()
        assert got == (errno.EBUSY if busy else 0)
        try:
            child = k.fork(sh, prog)
        except OSError as e:
            assert e.errno == errno.ENOMEM
            child = None
        except TaskKilled as e:
            self._killed_in_fork(sh, e)
            return multiple()
        try:
            k.write(self.R + "/cgroup.procs", str(sh.pid), sh)
        except TaskKilled as e:
            # a charge of this write's in rel (its open file) chose the shell itself
            # and was forced past the limit (5.12, 5.13): the write's return kills it
            self._killed_in_fork(sh, e)
        if child is None:
            return multiple()
        try:
            k.exec(child, "/bin/" + prog, [prog])
        except TaskKilled:
            assert not child.alive
            return multiple()
        if back:
            k.write(self.R + "/cgroup.procs", str(child.pid), sh)
        return child

    @rule(rel=cgroups, kind=st.sampled_from(["high", "max"]), delta=st.integers(-40, 8))
    def squeeze(self, rel, kind, delta):
        """A limit near the current usage: reclaim, and OOM kills on v2 memory.max."""
        if rel not in self.live or rel == "":
            return
        m = self.cg(rel).subsys.get("memory")
        if m is None:
            return
        pages = max(0, m.memory.usage + delta)
        k = self.k
        if self.v2:
            k.write(f"{self.path(rel)}/memory.{kind}", str(pages * PAGE), self.sh)
        else:
            # mem_cgroup_resize_max's drain_all_stock drains the other CPUs' stocks
            # by work items that may run after its EBUSY: their pages are what the
            # usage may drop by since
            stocked = sum(st.nr_pages for st in k.memcg.stocks
                          if st.cached is not None and st.cached.is_descendant_of(m))
            got = expect_errno(lambda: k.write(f"{self.path(rel)}/memory.limit_in_bytes",
                                               str(pages * PAGE), self.sh), errno.EBUSY)
            assert got == 0 or m.memory.usage + stocked > pages, (m.memory.usage, stocked)

    @rule(t=tasks, prog=st.sampled_from(["sleep", "bash"]))
    def exec(self, t, prog):
        try:
            self.k.exec(t, "/bin/" + prog, [prog])
        except TaskKilled:
            assert not t.alive

    @rule(t=consumes(tasks), reap=st.booleans())
    def exit(self, t, reap):
        self.k.exit(t)
        assert not t.alive
        if reap:
            self.k.reap(t)

    @rule(target=tasks, t=consumes(tasks), sig=st.sampled_from([9, 15, 0, 17, 19, 18]))
    def kill(self, t, sig):
        was = t.alive
        reaped = t.state == "dead"      # a zombie's pid still takes a signal
        # a stopped task holds a TERM until its SIGCONT, which then ends it
        held = t.state == "stopped" and (sig == 15 or sig == 18 and t.shdpending)
        got = expect_errno(lambda: self.k.kill(t.pid, sig, self.sh), errno.ESRCH)
        assert got == (errno.ESRCH if reaped else 0)
        if was and (sig in (0, 17, 19) or sig == 18 and not held or sig == 15 and held):
            assert t.alive
            if sig != 0 and sig != 17:
                assert (t.state == "stopped") == (sig != 18)
            return t
        if was:
            self.k.advance(0.01)        # it dies when it next runs (kernel/signal.py)
        assert not t.alive
        return multiple()

    @rule(t=tasks, rel=cgroups, move=st.sampled_from([0, 1, 3]))
    def migrate(self, t, rel, move):
        if rel not in self.live:
            return
        k = self.k
        if not self.v2:
            k.write(self.path(rel) + "/memory.move_charge_at_immigrate", str(move), self.sh)
        c = self.cg(rel)
        zombie = not t.alive and t.state == "zombie"
        if not t.alive and not zombie:
            want = errno.ESRCH      # reaped: find_task_by_vpid finds nothing
        elif self.v2 and rel != "" and c.subtree_control:
            want = errno.EBUSY
        else:
            want = 0
        old = t.cgroups[k.memory_root] if t.alive else None
        got = expect_errno(lambda: k.write(self.path(rel) + "/cgroup.procs", str(t.pid), self.sh),
                           errno.ESRCH, errno.EBUSY, errno.ENOMEM)
        if got == errno.ENOMEM:
            # v1 move_charge_at_immigrate: the precharge failed (mem_cgroup_can_attach
            # -> mem_cgroup_precharge_mc), the task stays where it was
            assert want == 0 and not self.v2 and move & 1 and not zombie
            assert t.cgroups[k.memory_root] is old
            return
        assert got == want
        if not want and not zombie and t.alive:
            # a PF_EXITING task is skipped, the write succeeds: also one that began
            # to exit during the write (an OOM victim dying while 6.1's
            # percpu_down_write waits its grace period)
            assert t.cgroups[k.memory_root] is c

    # ------------------------------------------------------------------ memory
    @rule(t=tasks, pages=st.integers(1, 96))
    def alloc_anon(self, t, pages):
        was = t.alive
        try:
            self.k.alloc_anon(t, pages * PAGE)
        except TaskKilled:
            assert not t.alive
            return
        assert was and t.alive

    @rule(t=tasks, pages=st.integers(1, 96))
    def free_anon(self, t, pages):
        if t.alive:
            self.k.free_anon(t, pages * PAGE)

    # ------------------------------------------------------------------- files
    @rule(t=tasks, fs=st.sampled_from(["/tmp", "/dev/shm"]), i=st.integers(0, 3),
          long=st.booleans(), size=st.integers(0, 40000))
    def write_file(self, t, fs, i, long, size):
        if not t.alive:
            return
        p = f"{fs}/{'f' * 36 if long else 'f'}{i}"
        try:
            got = expect_errno(lambda: self.k.write(p, "x" * size, t), errno.ENOMEM)
        except TaskKilled:
            # the memcg OOM killer chose the writer itself (or it had a SIGKILL
            # pending from an earlier kill: it dies returning to user space)
            assert not t.alive
            got = -1
        if not got:
            self.files.add(p)
            return
        # refused over memory.max: at the open (its struct file, a new file's
        # dentry or inode: alloc_empty_file, d_alloc, alloc_inode, all
        # __GFP_ACCOUNT; no file made, an existing one kept) or at the page
        # cache's charge (the file made): which, the file system says
        if expect_errno(lambda: self.k.stat(p, self.sh), errno.ENOENT) == 0:
            self.files.add(p)
        else:
            assert p not in self.files

    @rule(t=tasks, fs=st.sampled_from(["/tmp", "/dev/shm"]), i=st.integers(0, 3),
          long=st.booleans())
    def unlink(self, t, fs, i, long):
        if not t.alive:
            return
        p = f"{fs}/{'f' * 36 if long else 'f'}{i}"
        try:
            got = expect_errno(lambda: self.k.unlink(p, t), errno.ENOENT)
        except TaskKilled:
            # the lookup's d_alloc (its dentry freed by drop_caches) charged over
            # memory.max: the memcg OOM killer chose the unlinking task itself, it
            # dies returning to user space; a file stays where the retry fails
            # (a4ebf1b6ca1e), goes where the charge is forced (5.12, 5.13); a
            # missing name's negative dentry charges the same way
            assert not t.alive
            if self.k.memcg.design.dying_task_charge == "force":
                self.files.discard(p)
            return
        assert got == (0 if p in self.files else errno.ENOENT)
        self.files.discard(p)

    @rule(t=tasks, fs=st.sampled_from(["/tmp", "/dev/shm", "/var/tmp"]),
          i=st.integers(0, 20), long=st.booleans())
    def stat_missing(self, t, fs, i, long):
        if not t.alive:
            return
        p = f"{fs}/{'m' * 40 if long else 'm'}{i}"
        try:
            assert expect_errno(lambda: self.k.stat(p, t), errno.ENOENT) == errno.ENOENT
        except TaskKilled:
            # the negative dentry's charge chose the task itself: it dies returning
            # to user space, the ENOENT (or -ENOMEM) never reaching it
            assert not t.alive

    @rule(v=st.sampled_from([1, 2, 3]))
    def drop_caches(self, v):
        self.k.write("/proc/sys/vm/drop_caches", str(v), self.sh)

    # -------------------------------------------------------------------- time
    @rule(seconds=st.sampled_from([0.001, 0.01, 0.1, 1, 10]))
    def advance(self, seconds):
        before = self.k.now
        self.k.advance(seconds)
        assert self.k.now >= before + seconds - 1e-9

    # --------------------------------------------------------------- checking
    @invariant()
    def invariants_hold(self):
        check_invariants(self.k)

    @invariant()
    def faults_are_conserved(self):
        """Every fault counts once in a task (``min_flt`` or ``maj_flt``:
        ``mm_account_fault``) and once in a memcg's PGFAULT; a released task's
        counts live on in its reaper's ``cmin_flt``/``cmaj_flt``
        (``wait_task_zombie``): over the tasks not released, they sum to
        pgfault over every memcg."""
        k = self.k
        tasks = sum(t.min_flt + t.maj_flt + t.cmin_flt + t.cmaj_flt for t in k.tasks.values())
        assert tasks == memcg_event_total(k, PGFAULT)

    @invariant()
    def rstat_kernel_stack_is_exact(self):
        """Under rstat (v5.13) a flush makes memory.stat exact: kernel_stack of every
        memcg not offline is 16 KiB per task whose stack is charged in its subtree
        (derived from the tasks, not the pages)."""
        k = self.k
        if k.design.stats_flush != "rstat":
            return
        k.memcg.flush_stats()
        # each charged stack counts for its memcg and every ancestor
        # (mem_cgroup_is_descendant: along parent_memcg)
        stacks: dict = {}
        for t in k.tasks.values():
            owner = k.memcg.page_memcg(t.stack[0]) if t.stack else None
            if owner is not None:
                stacks[owner] = stacks.get(owner, 0) + 1
        want: dict = {}
        for owner, n in stacks.items():
            while owner is not None:
                want[owner] = want.get(owner, 0) + 16 * n
                owner = owner.parent_memcg
        for m in k.memcg.handles.values():
            if not hasattr(m, "stats") or m.offline_at is not None:
                continue
            assert m.stats.state[NR_KERNEL_STACK_KB] == want.get(m, 0), (m, want.get(m, 0))

    def teardown(self):
        """Kill every task, unlink every file, remove every cgroup (deepest first),
        drop caches (the buffer-head LRUs emptied first) and let a minute pass: only
        the root and what the per-CPU stocks pin stay counted."""
        k = self.k
        # the shell goes too: v1 move_charge_at_immigrate may have moved its pages
        # into a cgroup it visited. init (pid 1, in the root) does the clean-up.
        init = k.init
        for t in list(k.tasks.values()):
            if t.alive and not t.kthread and t is not init:
                k.kill(t.pid, 9, init)
        k.advance(0.1)      # each dies when it next runs (kernel/signal.py)
        for p in sorted(self.files):
            expect_errno(lambda: k.unlink(p, init), errno.ENOENT)
        for rel in sorted(self.live - {""}, key=lambda r: -r.count("/")):
            k.rmdir(self.path(rel), init)
        k.buffers.invalidate_bh_lrus()      # as umount would: ext4 metadata pages free
        k.buffers.journal_destroy()         # (and jbd2's: kernel/jbd2.py)
        k.write("/proc/sys/vm/drop_caches", "3", init)
        k.advance(60)
        check_invariants(k)
        residue = stock_residue(k)
        assert k.memory_cgroup_count() == 1 + len(residue), (
            k.memory_cgroup_count(), residue)


def _machine(design: str, mode: str):
    name = f"Kernel_{design.replace('.', '_')}_{mode}"
    return type(name, (KernelMachine,), {"DESIGN": design, "MODE": mode})


class _Timeout(Exception):
    pass


OTHER_DESIGNS = [(d, m) for d in sorted(DESIGNS) if d not in ("5.12", "5.13")
                 for m in ("v1", "v2") if m == "v1" or DESIGNS[d].cgroup2]


@pytest.mark.parametrize("design", ["5.12", "5.13"])
@pytest.mark.parametrize("mode", ["v1", "v2"])
def test_kernel_state_machine(design, mode):
    _run(_machine(design, mode), SETTINGS)


@pytest.mark.parametrize("design,mode", OTHER_DESIGNS)
def test_other_designs_state_machine(design, mode):
    """A shorter run for every other design the model has."""
    _run(_machine(design, mode), settings(SETTINGS, max_examples=30))


def _run(machine, how):

    def alarm(*_):
        raise _Timeout("state machine run took too long (a model hang?)")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(900)
    try:
        run_state_machine_as_test(machine, settings=how)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
