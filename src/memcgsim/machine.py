"""``Kernel``: the model behind a syscall-like API (:class:`memcgsim.sysapi.SysAPI`)."""
from __future__ import annotations

import errno
import functools
import os
import posixpath
import stat as stat_mod
from typing import TYPE_CHECKING, Callable

from .codecache import compiled
from .designs import NEWEST, BootOptions, get_design
from .fs import Vfs, shmem_sb
from .fs.procmem import totalram_pages
from .fs.namei import names_directory
from .fs.vfs import RegularFile, SimpleFs, oserror
from .kernel import KernelCore
from .kernel.cgroup import CONTROLLERS
from .kernel.clock import NSEC_PER_SEC
from .kernel.dcache import NumberedNames
from .kernel import file_table
from .kernel import fork
from .kernel import pipe as pipe_mod
from .kernel.open_objects import PLAIN
from .kernel.fork import ALIVE_STATES, MAX_THREADS, PF_FREEZER_SKIP, Task
from .kernel.pgtable import pte_free
from .kernel.signal import SignalExits, do_signal_stop, pgrp_orphaned, resume_stopped
from .kernel.signum import (SIG_DEFAULT_FATAL, SIG_KERNEL_IGNORE, SIG_KERNEL_STOP,
                            SIG_KERNEL_STOP_BITS, SIGCONT, SIGKILL,
                             SIGSTOP)
from .kernel.vmstat import PAGE_SIZE
from .sysapi import TaskKilled

#: the bits :meth:`Kernel.sigaction` refuses (signal 0, SIGKILL, SIGSTOP)
_SIG_INVALID = 1 | 1 << SIGKILL | 1 << SIGSTOP

if TYPE_CHECKING:
    from .kernel.memcg_oom import Sleeper


#: the syscall-like methods ``debug=True`` checks the model after
CHECKED_CALLS = ("spawn", "fork", "exec", "exit", "kill", "reap", "alloc_anon", "free_anon", "munmap",
                 "read_pages",
                 "advance", "advance_to", "open", "read", "write", "stat", "listdir", "mkdir",
                 "rmdir", "unlink", "rename", "truncate", "mount", "bpf_map_create",
                 "inotify_init", "inotify_add_watch")


def _returns_to_user(fn):
    """A path syscall's return to user space (``exit_to_user_mode``): a task the
    memcg OOM killer chose during it (a charge of its lookup, ``d_alloc``, its new
    inode...) dies there of the SIGKILL (TaskKilled), whether the syscall completed
    (a charge forced past the limit: ``should_force_charge``, before Linux commit
    a4ebf1b6ca1e ("memcg: prohibit unconditional exceeding the limit of dying
    tasks") (in v5.16, 5.10.80)) or failed (-ENOMEM after it): neither result
    reaches it. ``fn`` takes the calling task as its parameter ``task``. The
    wrapper takes ``fn``'s own parameters (made from its code, kept compiled by
    ``codecache.compiled``): a ``*args, **kwargs`` wrapper's call costs ~1,000
    instructions more (bench/README.md, session 27)."""
    code = fn.__code__
    assert not code.co_kwonlyargcount and not code.co_flags & 0x0C     # no *, **
    names = code.co_varnames[:code.co_argcount]
    assert "task" in names
    defaults = fn.__defaults__ or ()
    first = len(names) - len(defaults)
    params = ", ".join(n if i < first else f"{n}=_d{i - first}" for i, n in enumerate(names))
    src = (f"def make(fn, {''.join(f'_d{j}, ' for j in range(len(defaults)))}):\n"
           f"    def syscall({params}):\n"
           f"        try:\n"
           f"            r = fn({', '.join(names)})\n"
           f"        except OSError:\n"
           f"            if task is not None and task.oom_victim:\n"
           f"                self.procs.return_to_user(task)\n"
           f"            raise\n"
           f"        if task is not None and task.oom_victim:\n"
           f"            self.procs.return_to_user(task)\n"
           f"        return r\n"
           f"    return syscall\n")
    ns: dict = {}
    exec(compiled(src, "<returns_to_user>"), ns)
    return functools.wraps(fn)(ns["make"](fn, *defaults))


def _install_checks(k: "Kernel") -> None:
    """Shadow each checked method with one that checks the invariants after it
    (also when it raises an OSError or TaskKilled), on this instance only: a kernel
    without ``debug`` pays nothing; a checked call made inside another (``spawn``'s
    ``fork`` and ``exec``) is checked when the outer one returns. The check is ``check_changed``: pages visited
    where written since the previous check, all of them every ``FULL_WALK_EVERY``
    checks (``check_invariants(k)`` walks them all at any time)."""
    from .kernel.bug import ModelBug
    from .kernel.invariants import check_changed as check_invariants

    depth = [0]     # a checked call made by another (spawn's fork) is checked by it

    def wrap(fn):
        def checked(*args, **kwargs):
            depth[0] += 1
            try:
                r = fn(*args, **kwargs)
            except ModelBug:
                raise
            except BaseException:
                if depth[0] == 1:
                    check_invariants(k)
                raise
            finally:
                depth[0] -= 1
            if not depth[0]:
                check_invariants(k)
            return r
        checked.__name__ = fn.__name__
        checked.__doc__ = fn.__doc__
        return checked

    for name in CHECKED_CALLS:
        if hasattr(k, name):
            setattr(k, name, wrap(getattr(k, name)))
    check_invariants(k)


class Kernel(KernelCore):
    """A booted model kernel.

    >>> k = Kernel(design="5.12", cgroup="v1", nr_cpus=2, seed=0)
    >>> sh = k.spawn("bash")
    """

    #: each mm keeps the ``[heap]`` pages :meth:`touch` found it alone maps
    #: (``Mm.own_heap``): the shell's heap skips its writes to them
    keeps_own_heap = True

    def __init__(self, design: str = NEWEST, cgroup: str = "v1", nr_cpus: int = 2,
                 seed: int = 0, boot: str = "", debug: bool = False,
                 init: str = "systemd", pace: float = 1.0, nodes: int = 1,
                 userland: str = "gnu", mem: "int | str | None" = None,
                 sched_pace: float = 1.0, vmstat_diff: bool = False,
                 open_objects: bool = False) -> None:
        """``init`` is the user space that booted: "systemd" enables the memory
        controller for the root's children on cgroup2, as systemd does at boot;
        "busybox" leaves cgroup.subtree_control empty (the recordings' initramfs).
        ``pace`` multiplies the simulated cost of fork, exec, exit and cgroup
        mkdir/rmdir (``Clock.tick``): 1 is the calibration host. ``nodes`` is the
        number of NUMA nodes (``nr_node_ids``: per-node structures scale with it).
        ``userland`` is whose programs the shell runs: "gnu" (coreutils...) or
        "busybox" (1.35, the oracle's guests: ``shell/commands/userland.py``).
        ``mem`` is the host's RAM, bytes or "64G" (kernel/sizes/hostmem.py; default
        the oracle guests' 1 GiB). ``sched_pace`` is how many times slower the
        machine runs than the model's costs as the scheduler's PELT clock sees it
        (``Sched.pace``: an emulated guest's, measured by the oracle), the costs
        themselves unchanged. ``vmstat_diff`` keeps each CPU's differential of the
        slab counters, so /proc/meminfo's Slab lags as a real host's does
        (kernel/vmstat_diff.py; off: exact). ``open_objects``: each ``open()`` takes
        and gives back its slab objects on the opening CPU (a /proc, sysfs or
        cgroup file's seq_file, buffer and the rest: kernel/open_objects.py; off:
        none)."""
        if init not in ("systemd", "busybox"):
            raise ValueError(f"init must be 'systemd' or 'busybox', not {init!r}")
        if userland not in ("gnu", "busybox"):
            raise ValueError(f"userland must be 'gnu' or 'busybox', not {userland!r}")
        #: whose programs the shell's external commands are (its messages, statuses)
        self.userland = userland
        #: the script's stdout and stderr are terminals (``isatty``): the oracle's guest
        #: writes them to serial ports (oracle/image.py); set by ``run_model``
        self.stdio_tty = False
        #: the files the script's stdin, stdout and stderr are open on, as
        #: /proc/PID/fd names them (shell/streams.py ``fd_file``; None: its
        #: ``STDIO_PATHS``), and the directory its bash opened it in (its input at
        #: 255; None: the working directory): the oracle's guest's, set by ``run_model``
        self.stdio_paths: tuple[str, str, str] | None = None
        self.script_dir: str | None = None
        #: how the script's bash was named when it was run (its argv[0]: its
        #: /proc/PID/cmdline is that and the script's name): the oracle's
        #: guest's init runs ``/bin/bash NAME``
        self.script_argv0 = "bash"
        #: bytes the script's file holds before the script's own (its input's offsets,
        #: /proc/PID/fdinfo/255: shell/scriptinput.py): the oracle's guest's
        #: ``RUN_PREFIX``, set by ``run_model``
        self.script_prefix = 0
        super().__init__(get_design(design), cgroup, nr_cpus, BootOptions.parse(boot), seed,
                         nr_nodes=nodes, mem=mem)
        if not pace > 0:
            raise ValueError(f"pace must be positive, not {pace!r}")
        self.clock.pace = float(pace)
        if not sched_pace > 0:
            raise ValueError(f"sched_pace must be positive, not {sched_pace!r}")
        self.sched.pace = float(sched_pace)
        self.slab.count_slab_pages(bool(vmstat_diff))
        self.open_objects.enabled = bool(open_objects)
        #: when the timers :meth:`call_at` armed and that have not gone off yet go
        #: off (ns -> how many; a sleeper's wake-up, a ``timeout``'s alarm): while
        #: one is pending, something may still end a command that would otherwise
        #: compute forever
        self._user_at: dict[int, int] = {}
        #: how a task sleeps until a condition holds while the rest of the system
        #: runs (``schedule()``): the shell's scheduler sets it while it drives a
        #: script; None (one call at a time, nothing else runs) makes a sleep that
        #: only another task could end fail at once (kernel/memcg_oom.py)
        self.sleeper: Sleeper | None = None
        #: the tasks a fatal signal was sent to, until each has run to its exit
        self.signal_exits = SignalExits(self)
        self.vfs = Vfs(self, init)
        #: ``utsname()->nodename``: the kernel's ``UTS_NODENAME`` (init/Kconfig
        #: ``DEFAULT_HOSTNAME``, "(none)", as both guests' busybox init leaves it:
        #: conformance ``uts-nodename``), which systemd replaces at boot (its
        #: fallback hostname, ``localhost``, without /etc/hostname)
        self.nodename = "(none)" if init == "busybox" else "localhost"
        if init == "busybox":
            # the guests' init: the kernel runs /init, whose ``#!/bin/busybox sh``
            # makes it ``/bin/busybox sh /init`` (fs/binfmt_script.c), holding the
            # descriptors of fs/procfd.py ``BusyboxInitFiles``
            from .fs.procfd import BusyboxInitFiles
            self.init.argv = ["/bin/busybox", "sh", "/init"]
            self.init.fd_view = BusyboxInitFiles(self)
            # the guests' boot forked its kernel threads and init's commands first
            from .kernel.sizes.bootpids import script_pid
            nr = script_pid(self.sizes.release, "v2" if self.dfl else "v1", nr_cpus)
            if nr is not None:
                self.procs.pid_ns.boot_handed_out(nr)
        # a v1 host booted by systemd has mounted cgroup2 (its hybrid layout's
        # /sys/fs/cgroup/unified); the oracle's busybox guest, v1 only, has not
        self.cgrp_dfl_visible = self.dfl or init == "systemd"
        self.workdir = self.vfs.workdir
        if init == "systemd":
            if self.dfl:
                self.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory +pids", self.init)
            elif not self.design.use_hierarchy_forced:
                # systemd's mount_setup turns on the v1 memory hierarchy at the root
                self.write("/sys/fs/cgroup/memory/memory.use_hierarchy", "1", self.init)
        # init and everything the construction made are the boot's (item 360)
        self.slab.end_boot_tasks()
        self.snapshot_boot()
        #: check every invariant (``kernel/invariants.py``) after each syscall
        self.debug = debug
        if debug:
            _install_checks(self)

    # ------------------------------------------------------------ processes
    def begin_script_boot(self) -> bool:
        """A script is about to start on the booted system, its bash forked by
        init and exec'd (shell/interp.py ``run_script``): if it is the first thing
        the system runs (no task forked, no slab object taken since the boot),
        its bash is one of the boot's tasks, as in the guests, whose boot values
        and SLUB lists (tools/sizes/guest-probe.sh, slub-boot-start.sh) are read at
        a script's first line: its objects are placed off the boot table's lists
        (``Slab.begin_boot_tasks``; docs/fidelity.md item 360). Returns whether so;
        :meth:`end_script_boot` ends it at the script's first line."""
        if self.slab.boot_tasks is not None or len(self.tasks) != self.boot_nr_tasks or any(
                c.active_objs() != self.boot_slab_objs.get(n, (0, 0))[0]
                for n, c in self.slab.caches.items()):
            return False
        self.slab.begin_boot_tasks()
        return True

    def end_script_boot(self) -> None:
        """The script's first line (after :meth:`begin_script_boot`): its bash's
        slabs the boot's (``Slab.end_boot_tasks``), the CPUs' slab differentials
        folded (kernel/vmstat_diff.py ``settle``: the guests' scripts start on a
        settled boot) and every boot value taken again with its bash in it: the
        slab counts (/proc/slabinfo, /proc/meminfo's Slab) and the page counts
        (MemFree, AnonPages, KernelStack, PageTables, /proc/vmstat's pgfault...),
        which the guests' probe (tools/sizes/guest-probe.sh) reads with its own
        bash running (docs/fidelity.md item 426: the model's first line read its
        bash twice, AnonPages +176 kB, KernelStack +16, PageTables +24, MemFree
        -244 on both releases)."""
        from .kernel.vmstat import node_page_state
        self.slab.end_boot_tasks()
        self.node_stat_diff.settle()
        self.boot_slab_objs = {n: (c.active_objs(), c.num_slabs())
                               for n, c in self.slab.caches.items()}
        self.boot_node_state = node_page_state(self)

    def spawn(self, comm: str = "bash", argv: list[str] | None = None) -> Task:
        """A new process: ``fork()`` by init, then ``execve()`` of ``/bin/COMM`` with
        ``argv`` (default ``[COMM]``), in the root cgroups (what a script's shell
        starts as)."""
        t = self.fork(self.init, comm)
        self.exec(t, "/bin/" + comm, argv or [comm])
        return t

    def fork(self, parent: Task, comm: str | None = None, vfork: bool = False) -> Task:
        """``fork()`` by ``parent``. If the OOM killer chose the parent while it
        charged the child (its stack, page tables), ``copy_process`` gives up once
        it sees the fatal signal pending ("the new thread can't slip out of an OOM
        kill": kernel/fork.c ``copy_process``, since Linux commit 4a2c7a783 (Oleg
        Nesterov, 2006-03-28; in 5.10 and 6.1 alike), the child is freed, and the parent dies on its way
        back to user space (TaskKilled); otherwise a failed charge is -ENOMEM.
        ``vfork``: the child runs on the parent's mm until it execs or exits
        (kernel/fork.py :meth:`Processes.fork`)."""
        self._alive(parent)
        try:
            child = self.procs.fork(parent, comm, vfork)
        except OSError:
            self._check_killed(parent)
            raise
        if parent.oom_victim:
            self.procs.exit(child, signal=SIGKILL)        # bad_fork_cancel_cgroup
            self.reap(child)
            self._check_killed(parent)
        return child

    def exec(self, task: Task, path: str, argv: list[str] | None = None,
             interpreter: str | None = None) -> None:
        """``execve()`` of ``path`` by ``task``: the old mm dropped (``exit_mmap``), the
        comm set to the base name, the program's image (anon pages, page tables,
        slab) faulted in and charged to the task's memcg. Raises TaskKilled if the
        OOM killer chose the task meanwhile. A script runs its ``interpreter``'s
        image under the script's name."""
        self._alive(task)
        self.procs.exec(task, path, argv, interpreter)
        self._check_killed(task)

    def install_fd(self, task: Task, fd: int) -> None:
        """``dup2`` to ``fd`` (bash moving a script's input to 255): the files_struct's
        table grows past ``NR_OPEN_DEFAULT`` when needed (kernel/fork.py)."""
        self.procs.install_fd(task, fd)

    def close_fd(self, task: Task, fd: int) -> None:
        """``close(fd)`` of a descriptor ``install_fd`` made."""
        self.procs.close_fd(task, fd)

    def share_fds(self, task: Task, shell) -> None:
        """``task``'s descriptors above 2 are those ``shell`` maps in its ``fds``
        (the shell process running as it, or the one a command was forked from:
        a fork copies the table), as ``fdget`` looks them up (kernel/file.py)."""
        task.fd_view = shell

    def hold_file(self, task: Task) -> None:
        """``task`` opens a file it keeps open until it exits (bash's /dev/null as an
        asynchronous command's stdin): its filp charged to it (kernel/fork.py)."""
        self.procs.hold_file(task)

    def wake_up_new_task(self, parent: Task, child: Task) -> float:
        """Seconds from the fork until the child has run its setup and ``execve``
        (``kernel/sched.py``): the parent goes on meanwhile."""
        return self.sched.wake_up_new_task(parent, child) / NSEC_PER_SEC

    def schedule(self, task: Task) -> list[tuple[Task, float]]:
        """``task`` blocks (waits for a child, sleeps, reads an empty pipe, exits):
        the new tasks queued behind it on its CPU run now (``kernel/sched.py``).
        (child, seconds until its ``execve`` is done) for each whose first run so
        moves."""
        self.signal_exits.schedule(task)
        moved = self.sched.schedule(task)
        if not moved:
            return []
        return [(c, ns / NSEC_PER_SEC) for c, ns in moved]

    def runqueue_wait(self, child: Task) -> float:
        """Seconds a new task waits for its CPU: the first runs of the tasks
        forked onto it before (``kernel/sched.py``)."""
        return self.sched.runqueue_wait(child) / NSEC_PER_SEC

    def wake_up_parent(self, parent: Task, child: Task) -> None:
        """``do_notify_parent`` → ``__wake_up_parent``: the child wakes its parent
        blocked in ``wait`` (or reading its output), which ``select_task_rq_fair``
        places again (``kernel/sched.py``)."""
        if parent.state in ALIVE_STATES:    # parent.alive
            self.sched.select_task_rq_wake(parent, child)

    @property
    def pipe_release_wakes(self) -> bool:
        """Whether a pipe's reader is placed at its last writer's exit
        (kernel/pipe.py ``PIPE_RELEASE_WAKES``)."""
        return pipe_mod.PIPE_RELEASE_WAKES

    @property
    def pipe_write_wakes(self) -> bool:
        """Whether a write into an empty pipe places its sleeping reader
        (kernel/pipe.py ``PIPE_WRITE_WAKES``)."""
        return pipe_mod.PIPE_WRITE_WAKES

    def pipe_write_wake(self, reader: Task, writer: Task) -> None:
        """``pipe_write`` into the empty pipe wakes ``reader``, asleep on it:
        ``wake_up_interruptible_sync_poll``, a sync wake-up by the live ``writer``
        (fs/pipe.c, v5.10 and v6.1), placed by ``select_task_rq_fair``
        (``kernel/sched.py``), then on its runqueue until it blocks again
        (``Sched.queue_woken``)."""
        if reader.state in ALIVE_STATES and reader is not writer:
            self.sched.select_task_rq_wake(reader, writer, sync=True)
            self.sched.queue_woken(reader, writer)

    def pipe_release_wake(self, reader: Task, writer: Task) -> None:
        """``pipe_release`` of the exiting ``writer``'s last write end wakes
        ``reader``, asleep on the empty pipe: ``wake_up_interruptible_all``, no
        ``WF_SYNC`` (fs/pipe.c, v5.10 and v6.1), placed by ``select_task_rq_fair``
        (``kernel/sched.py``)."""
        if reader.state in ALIVE_STATES:
            self.sched.select_task_rq_wake(reader, writer)

    def sched_setaffinity(self, task: Task, cpus) -> None:
        """``sched_setaffinity``: EINVAL if ``cpus`` names no CPU of the machine."""
        if not task.alive:
            raise oserror(errno.ESRCH)
        self.sched.sched_setaffinity(task, set(cpus))

    def sched_getaffinity(self, task: Task) -> list[int]:
        """``sched_getaffinity(2)``: the CPUs ``task`` may run on."""
        return list(self.sched.allowed(task))

    def exit(self, task: Task, code: int = 0, handlers: bool = True) -> None:
        """``exit()`` (``do_exit``): the mm torn down, the cgroups left (``cgroup_exit``),
        the kernel stack released; the task structures are freed after an RCU grace
        period (``delayed_put_task_struct``). A zombie until :meth:`reap`. The
        FIFO ends it held close (``exit_files``). ``handlers`` False: ``_exit()``,
        the program's exit handlers and stdio's flush not run."""
        self.procs.exit(task, code, handlers=handlers)
        self._fifos_exit(task)

    def _fifos_exit(self, task: Task) -> None:
        """``exit_files`` of a task that held FIFO ends: the last one frees the
        FIFO's pipe (fs/fifo.py ``Fifo.release``)."""
        for fifo in self.vfs.fifos.values():
            if any(e.task is task for e in fifo.ends):
                fifo.release(task)

    def kill(self, pid: int, sig: int, sender: Task | None = None) -> None:
        """``kill(pid, sig)`` with default actions: a terminating signal ends the task
        (status 128 + ``sig``) unless it ignores it (SIGKILL cannot be); a stop
        signal stops it until a SIGCONT (kernel/signal.py ``do_signal_stop``),
        which holds the terminating ones but SIGKILL until then; 0 and the
        others only check the pid. ESRCH for an
        unknown or reaped pid or a kernel thread (a zombie's is still there); TaskKilled when ``sender`` kills
        itself (it dies on the return from ``kill``). Another task dies when it next
        runs, a little later (kernel/signal.py: :meth:`signal_exit`)."""
        t = self.tasks.get(pid)
        if t is None or t.state == "dead" or t.kthread:
            raise oserror(errno.ESRCH)
        if not t.alive:
            # a zombie keeps its pid until it is reaped (``release_task`` →
            # ``detach_pid``): the signal is accepted and does nothing
            return
        if sig == SIGCONT:
            # prepare_signal: a SIGCONT discards the stop signals still pending
            # (a frozen task's: it has not dequeued them)
            t.shdpending &= ~SIG_KERNEL_STOP_BITS
        if sig == SIGCONT and t.state == "stopped":
            # prepare_signal: SIGCONT resumes a stopped task whatever its
            # handler; a fatal signal held meanwhile then acts
            if self.freezer.root is not None:
                self.freezer.signal_woke(t)
            held = resume_stopped(t)
            if held:
                self.kill(pid, held, sender)
            return
        if sig == 0 or (sig != SIGKILL and t.sigignore >> sig & 1):
            return
        if (sig != SIGKILL and (t.sigcaught & ~t.sigfatal) >> sig & 1
                and sig not in SIG_KERNEL_IGNORE):
            t.sigpending |= 1 << sig        # its handler runs when the task next can
            return
        if sig not in SIG_DEFAULT_FATAL:
            # get_signal: a stop signal's default action (an orphaned process
            # group's TSTP, TTIN and TTOU are discarded); the others do nothing
            # (and a task already dying of a signal stops no more: prepare_signal)
            if (sig in SIG_KERNEL_STOP and t not in self.signal_exits.due
                    and (sig == SIGSTOP or not pgrp_orphaned(self.tasks.values(), t.pgid))):
                if self.cgroup_task_frozen(t):
                    # queued: a frozen task dequeues it once thawed (get_signal's
                    # freezer trap, the v1 refrigerator: :meth:`signals_at_thaw`)
                    t.shdpending |= 1 << sig
                    if self.freezer.root is not None:
                        self.freezer.signal_woke(t)
                else:
                    do_signal_stop(t, sig)
            return
        if self.freezer.root is not None and self.freezer.holds_signal(t, sig):
            return      # v1-frozen: pending until the thaw (kernel/legacy_freezer.py)
        if t.state == "stopped" and sig != SIGKILL:
            # complete_signal: wants_signal() refuses a stopped task, so the
            # signal waits in the group's shared pending until a SIGCONT
            t.shdpending |= 1 << sig
            return
        if sender is not None and t is not sender and t is not self.current:
            # the signal is queued and the target woken: it dies when it next
            # runs, on its CPU (kernel/signal.py). One without a sender (the
            # model's program timers: stress's alarm) still acts at once
            self.signal_exits.signal_wake_up(t, sig, sender)
            return
        self.procs.exit(t, signal=sig)
        self._fifos_exit(t)
        if t is sender:
            raise TaskKilled(t.pid, sig)

    def kill_pgrp(self, pgid: int, sig: int, sender: Task | None = None) -> None:
        """``kill(-pgid, sig)``: ``__kill_pgrp_info`` sends ``sig`` to every task of
        process group ``pgid`` (a zombie too: it is in the group until reaped), as
        :meth:`kill` to each; ESRCH if the group has none (kernel/signal.c, the same
        in v5.10 and v6.1). The sender itself, if a member, is signalled last (a
        stop or a death of its own then acts on its way back from the call)."""
        members = [t for t in self.tasks.values()
                   if t.pgid == pgid and t.state != "dead" and not t.kthread]
        if not members or pgid <= 0:
            raise oserror(errno.ESRCH)
        members.sort(key=lambda t: t is sender)
        for t in members:
            self.kill(t.pid, sig, sender)

    def kill_all(self, sig: int, sender: Task) -> None:
        """``kill(-1, sig)``: kernel/signal.c ``kill_something_info`` (the same in
        v5.10 and v6.1) sends ``sig`` to every process whose pid is above 1 but the
        sender's own (``!same_thread_group``), as :meth:`kill` to each (a kernel
        thread ignores it); ESRCH if there is no such process."""
        targets = [t for t in self.tasks.values()
                   if t.pid > 1 and t is not sender and t.state != "dead"]
        if not targets:
            raise oserror(errno.ESRCH)
        for t in targets:
            if not t.kthread:
                self.kill(t.pid, sig, sender)

    def signals_at_thaw(self, t: Task) -> None:
        """A task leaving a freezer (cgroup2's trap, the v1 refrigerator: a thaw,
        a move out) runs ``get_signal`` with what was queued while it was frozen:
        SIGKILL first (the group is already exiting), else the lowest: a stop
        stops it (fatal ones left wait for its SIGCONT), a fatal one ends it
        (kernel/signal.c ``get_signal``, ``next_signal``; both guests: case
        freeze-stop). A stopped task keeps its held signals for its SIGCONT."""
        held = t.shdpending
        if not held or t.state == "stopped" or not t.alive or self.cgroup_task_frozen(t):
            return
        sig = SIGKILL if held >> SIGKILL & 1 else (held & -held).bit_length() - 1
        t.shdpending = held & ~(1 << sig)
        self.kill(t.pid, sig, self.current)

    def signal_exit(self, t: Task, sig: int) -> None:
        """:meth:`KernelCore.signal_exit`, then the FIFO ends it held close."""
        super().signal_exit(t, sig)
        self._fifos_exit(t)

    def oom_kill_task(self, t: Task, zap: bool = False) -> None:
        """The OOM killer's SIGKILL to ``t`` (another task than the one charging:
        ``__oom_kill_process``, after ``mark_oom_victim``): sent as ``kill``'s, so
        ``t`` dies when it next runs on its CPU, its pages charged until then
        (kernel/oom_victim.py; with ``zap``, its ``exit_mmap`` timed). The victim
        sleeps (a pipe's reader, a waiting shell): ``signal_wake_up`` →
        ``try_to_wake_up`` places it as any wakeup (``select_task_rq_fair``: an
        idle CPU if there is one, else behind the charger on its CPU)."""
        t.oom_victim = True
        cur = self.current
        self.sched.select_task_rq_wake(t, cur)
        if zap:
            self.signal_exits.zap_on_exit(t)
        self.signal_exits.signal_wake_up(t, SIGKILL, cur)

    def oom_victim_exiting(self, t: Task) -> bool:
        """``oom_evaluate_task``'s abort: the victim ``t`` was sent its SIGKILL and
        has not yet run to its ``exit_mmap`` (MMF_OOM_SKIP not set)."""
        return t.oom_victim and self.signal_exits.pending(t)

    def mmf_oom_skip(self, t: Task) -> bool:
        """The exiting OOM victim ``t``'s mm has MMF_OOM_SKIP (6.1's ``exit_mmap``
        past its unmap, the pages not yet freed): the OOM killer passes over it."""
        return self.signal_exits.mmf_oom_skip(t)

    def mmf_oom_reaped(self, t: Task) -> None:
        """The OOM reaper set MMF_OOM_SKIP on the victim ``t``'s mm: if ``t`` is still
        on its way out, the OOM killer passes over it (kernel/oom_kill.py
        ``wake_oom_reaper``)."""
        if self.signal_exits.pending(t):
            self.signal_exits.oom_skip.add(t)

    def fatal_signal_pending(self, t: Task) -> bool:
        """``fatal_signal_pending``: a fatal signal was sent to ``t``, which has not
        yet run to its exit (it is still listed, /proc/PID, cgroup.procs)."""
        return self.signal_exits.pending(t)

    def next_signal_exit(self) -> float:
        """When (simulated seconds) the next task a fatal signal was sent to dies;
        inf if none is pending."""
        return self.signal_exits.next_exit()

    def freezable_sleep(self, task: Task, asleep: bool) -> None:
        """``do_nanosleep``'s ``freezable_schedule``: ``freezer_do_not_count`` sets
        PF_FREEZER_SKIP on a user task going to sleep (``asleep``), ``freezer_count``
        clears it on waking (include/linux/freezer.h; /proc/PID/stat flags
        1077936128 for 5.10's sleeping ``sleep``). v6.1's freezer rewrite
        (f5d39b020809, "freezer,sched: Rewrite core freezer logic") sleeps in
        TASK_FREEZABLE instead: ``KernelDesign.freezable_schedule``."""
        if self.design.freezable_schedule and task.mm is not None:
            task.flags = task.flags | PF_FREEZER_SKIP if asleep else task.flags & ~PF_FREEZER_SKIP

    def sigaction(self, task: Task, sig: int, ignore: bool, catch: bool = False,
                  fatal: bool = False) -> None:
        """``sigaction(sig, SIG_IGN, a handler or SIG_DFL)``: SIGKILL and SIGSTOP
        cannot be ignored or caught (-EINVAL). A caught signal sent to the task is
        left pending for its handler (:attr:`Task.sigpending`), unless the handler
        is ``fatal``: it re-raises the signal at once (:attr:`Task.sigfatal`)."""
        if sig in (SIGKILL, SIGSTOP) or not 0 < sig < 65:
            raise oserror(errno.EINVAL)
        bit = 1 << sig
        task.sigignore = task.sigignore | bit if ignore else task.sigignore & ~bit
        caught = catch and not ignore
        task.sigcaught = task.sigcaught | bit if caught else task.sigcaught & ~bit
        task.sigfatal = task.sigfatal | bit if caught and fatal else task.sigfatal & ~bit

    def sigactions(self, task: Task, dfl: int, catch: int = 0, fatal: int = 0) -> None:
        """Several :meth:`sigaction` calls in a row, as masks of signal bits: those
        of ``dfl`` to SIG_DFL, then those of ``catch`` to a handler (re-raising for
        those of ``fatal`` too): the state the calls one by one leave (bash's resets
        in a forked child, ``execute_in_subshell``'s ``restore_original_signals``
        and ``set_sigint_handler``: shell/signals.py). EINVAL for SIGKILL, SIGSTOP
        or a bit outside 1-64, nothing changed."""
        touched = dfl | catch
        if touched & _SIG_INVALID or touched >> 65:
            raise oserror(errno.EINVAL)
        task.sigignore &= ~touched
        task.sigcaught = task.sigcaught & ~dfl | catch
        task.sigfatal = task.sigfatal & ~touched | catch & fatal

    @property
    def nr_killed(self) -> int:
        """How many tasks have died of a signal since boot."""
        return self.procs.nr_killed

    def task(self, pid: int) -> Task | None:
        """The task with this pid unless it was reaped (``find_task_by_vpid``), else None."""
        t = self.tasks.get(pid)
        return t if t is not None and t.state != "dead" else None

    def has_live_children(self, task: Task) -> bool:
        """A child of ``task`` still runs (it holds what it inherited open)."""
        return any(t.parent is task and t.alive for t in self.tasks.values())

    def reap(self, task: Task) -> None:
        """``wait()`` by the parent (``release_task``): a zombie's pid is freed."""
        self.procs.release_task(task)

    def setpgid(self, task: Task, pgid: int = 0) -> None:
        """``setpgid(0, pgid)`` by ``task``: 0 makes it a group leader (its pid
        stays in use while the group has a member: kernel/pid.py)."""
        task.pgid = pgid or task.pid
        self.procs.pid_ns.groups.add(task.pgid)

    def setsid(self, task: Task) -> int:
        """``setsid()`` by ``task`` (``ksys_setsid``): a new session and process
        group led by it; EPERM if a process group already has its pid as its id
        (it leads one)."""
        if any(t.pgid == task.pid and t.alive for t in self.tasks.values()):
            raise oserror(errno.EPERM)
        task.pgid = task.pid
        task.set_attrs(sid=task.pid)
        self.procs.pid_ns.groups.add(task.pid)
        return task.pid

    def setpriority(self, task: Task, nice: int) -> None:
        """``setpriority(PRIO_PROCESS, pid, nice)`` as root: the value clamped to
        -20..19 (``set_one_prio``); it changes no scheduling in the model."""
        task.set_attrs(nice=max(-20, min(19, nice)))

    def ioprio_set(self, task: Task, ioclass: int, data: int) -> None:
        """``ioprio_set(IOPRIO_WHO_PROCESS, ...)``: class 0-3 (none, realtime,
        best-effort, idle) and level 0-7, else EINVAL (``ioprio_check_cap``); kept,
        not acted on (no block I/O scheduling in the model)."""
        if not 0 <= ioclass <= 3 or not 0 <= data <= 7:
            raise oserror(errno.EINVAL)
        task.set_attrs(ioprio=(ioclass, data))

    def _alive(self, task: Task) -> None:
        if task.state not in ALIVE_STATES:     # not task.alive (a property: a call from C)
            raise TaskKilled(task.pid, task.exit_signal or SIGKILL)

    def _check_killed(self, task: Task) -> None:
        """An OOM victim dies on its way back to user space."""
        self.procs.return_to_user(task)

    # ------------------------------------------------------------- memory
    @functools.cached_property
    def totalram_pages(self) -> int:
        """``totalram_pages()``: the booted guest's MemTotal in pages."""
        return totalram_pages(self)

    def alloc_anon(self, task: Task, nbytes: int, copy: bool = False) -> None:
        """``task`` touches ``nbytes`` of new anonymous memory: a page fault per page
        (``do_anonymous_page``), each page charged to its memcg
        (``mem_cgroup_charge``). A charge may reclaim, throttle (memory.high) or
        OOM-kill; TaskKilled if the victim is ``task``. ``copy``: the kernel writes
        it (``copy_to_user`` into a fresh buffer) and retries a fault whose charge
        failed, as many times as the design's ``usercopy_fault_attempts``."""
        self._alive(task)
        pages = (nbytes + PAGE_SIZE - 1) // PAGE_SIZE
        if pages > self.totalram_pages + self.swap.total_swap_pages():
            # the mapping itself is refused: __vm_enough_memory (mm/util.c,
            # OVERCOMMIT_GUESS since v5.8: more than RAM + swap), mmap's ENOMEM
            raise oserror(errno.ENOMEM)
        if copy:
            prev_current, self.current = self.current, task  # k.running(), written out
            try:
                done = self.procs.fault_anon(task, pages, self.design.usercopy_fault_attempts)
            finally:
                self.current = prev_current
            self._check_killed(task)
            if done < pages:
                # a kernel-mode fault whose charge failed (VM_FAULT_OOM): the
                # exception fixup ends the copy, read() fails with -EFAULT
                raise oserror(errno.EFAULT)
            return
        left = [pages]

        def fault():
            prev_current, self.current = self.current, task  # k.running(), written out
            try:
                left[0] -= self.procs.fault_anon(task, left[0])
            finally:
                self.current = prev_current
        self._user_fault(task, fault)
        self._check_killed(task)

    def touch(self, task: Task, area: str, first: int, last: int) -> None:
        """User space writes pages ``first..last`` of ``area`` (``[heap]``,
        ``[stack]``, ``[data]``): the write faults (first touch, COW) charge the
        task's memcg now (``kernel/mmap.py``)."""
        mm = task.mm
        if mm is None or task.state not in ALIVE_STATES:    # not task.alive, read here
            return
        if first == last and not mm.swap_at and task.memcg_in_oom is None:
            # a page the task alone maps already: no fault (handle_mm_fault's
            # answer, without its work). Not counted in ``_mapcount``, the page is
            # shared only with a lazy child (kernel/mmap.py: one of ``mm``, as a
            # lazy child's parent is counted) that still has it in its ``anon``,
            # or with the lazy ``mm``'s parent
            mmap = self.mmap
            vma = mm.vmas.get(area)
            if vma is not None:
                pfn = vma.pages.get(first)
                if pfn is not None and pfn not in mmap._mapcount:
                    lazy = mmap.lazy
                    if lazy:
                        if mm in lazy:
                            pfn = None
                        elif mm in mmap.lazy_children and pfn not in mmap.lazy_fresh[mm]:
                            for child in mmap.lazy_children[mm]:
                                if pfn in child.anon:
                                    pfn = None
                                    break
                    if pfn is not None:
                        if area == "[heap]":
                            mm.own_heap.add(first)  # the heap's next write skips this
                        # _check_killed: return_to_user has nothing to do unless
                        # one of these holds (the task is alive)
                        if task.oom_victim or task.memcg_nr_pages_over_high:
                            self._check_killed(task)
                        return
        # _user_fault's first pass written out (a fork's parent touches twice), in
        # the task's context (k.running(), written out): the fault runs on its CPU
        task.in_user_fault = True
        prev_current, self.current = self.current, task
        try:
            self.mmap.handle_mm_fault(task, area, first, last)
        finally:
            task.in_user_fault = False
            self.current = prev_current
        if (task.memcg_in_oom is not None
                and self.memcg_oom.mem_cgroup_oom_synchronize(task, self.sleeper)):
            with self.running(task):
                self._user_fault(task, self.mmap.handle_mm_fault, task, area, first, last)
        if (task.oom_victim or task.memcg_nr_pages_over_high
                or task.state not in ALIVE_STATES):
            self._check_killed(task)    # return_to_user has something to do

    @property
    def swapping(self) -> bool:
        """A swap area is on (anon pages may be swapped out and read back)."""
        return bool(self.swap.areas)

    def read_pages(self, task: Task, area: str, first: int, last: int) -> None:
        """User space reads pages ``first..last`` of ``area``: a swapped-out page is
        read back (a read fault: ``do_swap_page``, the swap cache and readahead,
        ``kernel/swapfile.py``); nothing else to do for a read."""
        mm = task.mm
        if mm is None or not mm.swap_at or not task.alive:
            return
        self._user_fault(task, self.mmap.read_fault, task, area, first, last)
        self._check_killed(task)

    def _user_fault(self, task: Task, fault: Callable[..., object], *args) -> None:
        """``fault(*args)`` as a user-mode fault (``FAULT_FLAG_USER``:
        ``mem_cgroup_enter_user_fault``/``exit``). If a charge at the limit of a
        memcg with v1 ``oom_kill_disable`` left ``memcg_in_oom``, the task sleeps at
        the fault's end (``pagefault_out_of_memory`` → ``mem_cgroup_oom_synchronize``;
        the :attr:`sleeper` runs everything else meanwhile), then returns to user
        space and faults again, until a fault ends without one or the task is
        killed (kernel/memcg_oom.py)."""
        while True:
            task.in_user_fault = True
            try:
                fault(*args)
            finally:
                task.in_user_fault = False
            if (task.memcg_in_oom is None
                    or not self.memcg_oom.mem_cgroup_oom_synchronize(task, self.sleeper)):
                return

    def minor_faults(self, task: Task, nr: int) -> None:
        """``task`` takes ``nr`` page faults that charge nothing (page-cache pages
        already charged, write-protected pages reused): counted in ``pgfault``."""
        if task.mm is None or task.state not in ALIVE_STATES:     # not task.alive
            return
        self.mmap.count_minor_faults(task, nr)

    def map_code(self, task: Task, windows: tuple[int, ...], exits: bool = False,
                 bash: bool = False) -> None:
        """``task`` runs code of its busybox binary (``bash``: the guests' bash) in
        ``windows``: those not yet mapped are faulted in (:meth:`Processes.map_code`)."""
        if task.mm is None or task.state not in ALIVE_STATES:
            return
        self.procs.map_code(task, windows, exits, bash)

    def vfork_child_faults(self, task: Task, nr: int) -> None:
        """A vfork's ``task`` takes ``nr`` page faults on its parent's mm that map
        nothing new (:meth:`Processes.vfork_child_faults`)."""
        if task.mm is None or task.state not in ALIVE_STATES:
            return
        self.procs.vfork_child_faults(task, nr)

    def free_anon(self, task: Task, nbytes: int) -> None:
        """``munmap()`` of ``nbytes`` of the task's anonymous memory, newest pages
        first: uncharged (``mem_cgroup_uncharge``) and freed."""
        with self.running(task):
            self.procs.free_anon(task, (nbytes + PAGE_SIZE - 1) // PAGE_SIZE)

    def mmap_anon(self, task: Task, area: str, nbytes: int) -> None:
        """``mmap(MAP_PRIVATE | MAP_ANONYMOUS)`` of ``nbytes`` as the task's new
        ``area``: nothing is charged until :meth:`touch` writes its pages (huge
        pages where a 2 MiB range fits: kernel/mmap.py)."""
        if task.mm is None or not task.alive:
            return
        self.mmap.mmap_anon(task.mm, area, (nbytes + PAGE_SIZE - 1) // PAGE_SIZE)

    def brk(self, task: Task, pages: int) -> None:
        """``brk()``: the end of the task's ``[heap]`` VMA (mm/mmap.c ``brk``:
        ``mm->brk``; ``do_brk_flags`` grows the VMA, ``do_vmi_munmap``/``do_munmap``
        shrinks it), shown by /proc/PID/maps (fs/procmaps.py); no page is
        charged until written."""
        mm = task.mm
        if mm is not None and task.alive:
            mm.brk_pages = pages

    def munmap(self, task: Task, area: str, first: int = 0, last: int | None = None) -> None:
        """``munmap()`` of pages ``first..last`` of the task's ``area`` (the whole
        VMA when ``last`` is None; ``brk`` lowering the heap's end is the same
        unmap): pages nobody else maps are uncharged and freed, and the PTE pages of
        the 2 MiB ranges left empty (kernel/mmap.py ``unmap_range``)."""
        mm = task.mm
        if mm is None or not task.alive:
            return
        # the peaks /proc/PID/status keeps (VmPeak, VmHWM): remove_vma_list's
        # update_hiwater_vm, unmap_region's update_hiwater_rss, before the unmap
        from .fs.procmaps import vm_sizes
        from .kernel.fork import get_mm_rss
        mm.hiwater_vm = max(mm.hiwater_vm, vm_sizes(self, task)[0])
        mm.hiwater_rss = max(mm.hiwater_rss, get_mm_rss(mm))
        with self.running(task):
            pfns, ptes = self.mmap.unmap_range(mm, area, first, last)
            if pfns and self.swap.cache_entry:      # free_pages_and_swap_cache
                pfns = self.swap.free_swap_cache(pfns)
            if mm.swap_at:      # zap_pte_range: free_swap_and_cache of the range's entries
                self.swap.free_entries(mm.unmap_swap(area, first, last))
            if pfns:
                self.mmap.thp_unmapped(pfns)
                self.memcg.mem_cgroup_uncharge_list(pfns, True)
            if ptes:
                pte_free(self, mm, ptes)
            if mm.mmap_tables and not any(v.region for v in mm.vmas.values()):
                self.mmap.layout.release(mm)     # the region's last mapping gone

    # ------------------------------------------------------------- limits
    def init_rlimits(self) -> dict[str, tuple[int | None, int | None]]:
        """``INIT_RLIMITS`` as root sees them at boot, by ``ulimit`` option: (soft,
        hard) in the resource's unit (bytes for sizes), None for unlimited.
        RLIMIT_NPROC and RLIMIT_SIGPENDING are half of ``max_threads`` at boot
        (``fork_init``; kernel/fork.py ``MAX_THREADS``); ``p``: bash's pipe size,
        PIPE_BUF (4096 bytes), no resource."""
        half = MAX_THREADS[self.sizes.release] // 2
        mlock = self.design.mlock_limit_kb * 1024
        return {"R": (None, None), "c": (0, None), "d": (None, None), "e": (0, 0),
                "f": (None, None), "i": (half, half), "l": (mlock, mlock), "m": (None, None),
                "n": (1024, 4096), "p": (4096, 4096), "q": (819200, 819200), "r": (0, 0),
                "s": (8192 * 1024, None), "t": (None, None), "u": (half, half), "v": (None, None),
                "x": (None, None)}

    # -------------------------------------------------------------- pipes
    def pipe_open(self, task: Task):
        """``pipe()`` by ``task``: the pipe's structures are charged to its memcg."""
        return self.pipes.alloc_pipe_info(task)

    def pipe_room(self, pipe) -> int:
        """Bytes a ``write()`` could put into the pipe now without blocking: its free
        slots and the last buffer's space."""
        return self.pipes.room(pipe)

    def pipe_write(self, pipe, task: Task, nbytes: int) -> int:
        """``write()`` of up to ``nbytes`` into the pipe (its pages charged to
        ``task``): bytes taken. A writer chosen by the OOM killer dies here
        (TaskKilled); a charge that fails before any progress is -ENOMEM."""
        self._alive(task)
        done, failed = self.pipes.pipe_write(pipe, task, nbytes)
        self._check_killed(task)
        if failed and not done:
            raise OSError(errno.ENOMEM, os.strerror(errno.ENOMEM))
        return done

    def pipe_read(self, pipe, task: Task, nbytes: int) -> None:
        """``read()`` of ``nbytes`` by ``task`` (``pipe_read``): buffers read to their
        end are released and their pages uncharged."""
        self.pipes.pipe_read(pipe, task, nbytes)

    def pipe_close(self, pipe, task: Task) -> None:
        """The pipe's last end closes (by ``task``): ``free_pipe_info``."""
        self.pipes.free_pipe_info(pipe, task)

    # --------------------------------------------------------------- time
    @property
    def now(self) -> float:
        """Simulated seconds since boot."""
        return self.clock.now_ns / NSEC_PER_SEC

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` of simulated time pass, running the timers, RCU callbacks
        and work items that fall due."""
        self.clock.run_until(self.clock.now_ns + int(seconds * NSEC_PER_SEC))

    def advance_to(self, when: float) -> None:
        """Advance the simulated clock to ``when`` seconds since boot (nothing if
        it is past), running what falls due on the way. Rounded to the
        nanosecond: ``now + 0`` in seconds must reach a timer armed for now
        (truncating 8.029120992 s gave 8029120991 ns, short of it, forever)."""
        self.clock.run_until(round(when * NSEC_PER_SEC))

    def call_at(self, when: float, fn) -> None:
        """Call ``fn()`` at simulated time ``when`` (a timer: the hrtimer that ends a
        ``nanosleep``)."""
        ns = int(when * NSEC_PER_SEC)
        at = self._user_at
        at[ns] = at.get(ns, 0) + 1
        self.clock.call_at(ns, functools.partial(self._user_timer_fires, ns, fn))

    def _user_timer_fires(self, ns: int, fn) -> None:
        """A :meth:`call_at` timer goes off: no longer pending (one armed for the
        present moment counted gone only once it has run: a wait that advanced
        to it and found it still pending looped forever)."""
        at = self._user_at
        n = at[ns] - 1
        if n:
            at[ns] = n
        else:
            del at[ns]
        fn()

    def call_job_timer(self, when: float, fn) -> None:
        """:meth:`call_at` for the shell scheduler's own wake-ups of its jobs, which
        it weighs itself (``Scheduler.could_happen``): not a pending user timer."""
        self.clock.call_at(int(when * NSEC_PER_SEC), fn)

    def next_user_timer(self) -> float | None:
        """When the next timer :meth:`call_at` armed goes off (seconds), None if
        none is left."""
        at = self._user_at
        return min(at) / NSEC_PER_SEC if at else None

    def user_timer_pending(self) -> bool:
        """Whether a timer :meth:`call_at` armed has yet to go off."""
        return bool(self._user_at)

    # -------------------------------------------------------------- files
    def _fs(self, path: str, task: Task | None = None, follow: bool = True):
        """(filesystem, path inside it, absolute path) of ``path`` walked by
        ``task``: symbolic links followed, the last one too if ``follow``."""
        vfs = self.vfs
        if not vfs.has_symlinks:
            return vfs.resolve(path)
        return vfs.walk(path, task, follow)

    @_returns_to_user
    def open(self, path: str, mode: str, task: Task):
        """``open()`` of ``path`` by ``task``: an open file description whose
        ``read``/``write`` take bytes. ``mode`` is "r", "w" (O_TRUNC|O_CREAT), "a"
        (O_APPEND|O_CREAT) or "r+"; errors are the filesystem's (OSError with the
        kernel's errno)."""
        fs, rel, ap = self._fs(path, task)
        oo = self.open_objects
        if not oo.enabled:
            f = fs.open(rel, mode, task, ap)
            if file_table.FILE_LIFE:
                # alloc_empty_file: the filp, charged to the opener; a pseudo file's
                # or a device's as if read or written and closed at once (item 370)
                ft = self.file_table
                ft.alloc_empty_file(f, task)
                if type(f) is not RegularFile:
                    ft.fput(f, task)
            return f
        # the open's objects and its first read's buffer, taken before the text is
        # made (the model makes it at the open), given back after it
        open_kind = getattr(fs, "open_kind", None)
        if open_kind is None:
            token = oo.open(task.cpu, PLAIN)
        else:
            kind, stat_buf, permanent = open_kind(rel)
            token = oo.open(task.cpu, kind, mode == "r", stat_buf, permanent)
        nbytes = -1
        try:
            f = fs.open(rel, mode, task, ap)
            if mode == "r":
                nbytes = len(getattr(f, "data", b""))
        finally:
            oo.close(token, nbytes)
        return f

    def read(self, path: str, task: Task) -> str:
        """Open ``path``, read it to EOF, close: what ``cat`` prints, as text (UTF-8,
        surrogateescape)."""
        f = self.open(path, "r", task)
        try:
            return f.read().decode("utf-8", "surrogateescape")
        finally:
            f.close()

    def write(self, path: str, data: str, task: Task, append: bool = False) -> None:
        """Open ``path`` for writing (``append``: appending), one ``write()`` of
        ``data``, close: what ``echo DATA > PATH`` does. A cgroup file's handler
        refuses bad input with the kernel's errno (OSError)."""
        f = self.open(path, "a" if append else "w", task)
        try:
            f.write(data.encode("utf-8", "surrogateescape"))
        finally:
            f.close()

    @_returns_to_user
    def stat(self, path: str, task: Task):
        """``stat()`` of ``path``: ``st_mode``, ``st_size``, ``st_ino``, ``st_nlink``. A
        missing name on a disk filesystem leaves a negative dentry charged to the
        task's memcg, as the kernel's dcache does."""
        fs, rel, ap = self._fs(path, task)
        if ap in self.vfs.mounts and rel:
            rel = ""
        return fs.stat(rel, task, ap)

    def access(self, path: str, task: Task) -> None:
        """``access()`` of a name ``stat()`` just found (its dentry cached: the
        lookup allocates nothing): the temporary cred it makes and frees
        (``Processes.access_override_creds``), with kernel/fork.py
        ``ACCESS_TEMP_CREDS`` (off: nothing)."""
        if fork.ACCESS_TEMP_CREDS:
            self._access(path, task)

    @_returns_to_user
    def _access(self, path: str, task: Task) -> None:
        self._alive(task)
        self.procs.access_override_creds(task)

    def filesystem(self, path: str, task: Task):
        """The filesystem ``path`` is on (what its ``st_dev`` names: ``find -xdev``)."""
        return self._fs(path, task)[0]

    def statfs(self, path: str, task: Task) -> tuple[int, int, int, int, int]:
        """``statfs()`` of the filesystem ``path`` is on: (f_blocks, f_bfree,
        f_bavail, f_files, f_ffree) in 4 KiB blocks; pseudo filesystems (proc,
        cgroup, kernfs) report zeros (``simple_statfs``); NotImplementedError for
        ext4, whose block counts the model does not keep."""
        self.stat(path, task)
        fs = self._fs(path, task)[0]
        counts = getattr(fs, "statfs", None)
        return counts() if counts is not None else (0, 0, 0, 0, 0)

    @_returns_to_user
    def lookup_missing(self, dirpath: str, names, task: Task) -> None:
        """``stat()`` of each of ``names`` in ``dirpath`` by ``task``, for names that
        do not exist (a negative dentry each), as one batch: what a loop of failed
        ``stat()`` calls leaves behind, at a fraction of the cost (churn workloads).
        ``names``: a list, or a ``NumberedNames`` (``stem`` + consecutive numbers:
        checked and kept by stem and range, not name by name)."""
        fs, rel, ap = self._fs(dirpath, task)
        prefix = rel + "/" if rel else ""
        aprefix = ap.rstrip("/") + "/"
        if type(names) is NumberedNames:
            fs.lookup_missing(names.prefixed(prefix), task, names.prefixed(aprefix))
            return
        fs.lookup_missing(list(map(prefix.__add__, names)), task,
                          list(map(aprefix.__add__, names)))

    @_returns_to_user
    def listdir(self, path: str, task: Task) -> list[str]:
        """The names in directory ``path`` (``getdents``), sorted, without . and ..,
        mount points included."""
        fs, rel, ap = self._fs(path, task)
        names = fs.listdir(rel, task, ap)
        prefix = ap.rstrip("/") + "/"
        for mp in self.vfs.mounts:
            if mp.startswith(prefix) and "/" not in mp[len(prefix):]:
                name = mp[len(prefix):]
                if name and name not in names:
                    names.append(name)
        return sorted(names)

    @_returns_to_user
    def mkdir(self, path: str, task: Task, mode: int = 0o777) -> None:
        """``mkdir()`` of ``path`` by ``task``: on a cgroup filesystem a new cgroup
        and its css (``cgroup_mkdir``). EEXIST for an existing name or a mount
        point."""
        fs, rel, ap = self._fs(path, task, False)
        if rel == "":
            raise oserror(errno.EEXIST)
        fs.mkdir(rel, task, ap)
        # vfs_mkdir's mode less the umask (mode_strip_umask); a disk or tmpfs
        # directory keeps bits other than 0755 (SimpleFs.dir_modes)
        mode &= ~getattr(task, "umask", 0o022) & 0o7777
        if mode != 0o755 and isinstance(fs, SimpleFs):
            self.chmod(path, mode, task)

    @_returns_to_user
    def rmdir(self, path: str, task: Task) -> None:
        """``rmdir()`` of ``path`` by ``task``: on a cgroup filesystem
        ``cgroup_rmdir`` (EBUSY while it holds tasks or children): the cgroup goes
        offline and stays dying until the last reference on its css is put. EBUSY
        for a mount point."""
        fs, rel, ap = self._fs(path, task, False)
        if rel == "":
            raise oserror(errno.EBUSY)
        # a held one stays, dead (kernel/fs_struct.py), its inode as it was
        st = fs.stat(rel, task, ap) if self.paths.held(fs, rel) else None
        fs.rmdir(rel, task, ap)
        if st is not None:
            self.paths.d_delete(fs, rel, st)

    @_returns_to_user
    def unlink(self, path: str, task: Task) -> None:
        """``unlink()`` of a file: its name removed; its pages go with the inode's
        last reference (``iput``). A link itself goes, not what it names. An
        active swap file is EPERM (fs/namei.c ``may_delete``: ``IS_SWAPFILE``, set
        by ``swapon`` until ``swapoff``; v5.10 and v6.1)."""
        fs, rel, ap = self._fs(path, task, False)
        if self.swap.areas and type(fs) is SimpleFs:
            node = fs.nodes.get(rel)
            if node and self.swap.find_area(node) is not None:
                raise oserror(errno.EPERM)
        fs.unlink(rel, task, ap)
        self.vfs.names_changed()

    @_returns_to_user
    def link(self, old: str, new: str, task: Task) -> None:
        """``link(2)``: ``new`` another name of the file ``old`` (``vfs_link``):
        EXDEV across filesystems, EPERM where the filesystem has no ``->link``
        (procfs, cgroupfs, devtmpfs, bpffs) or ``old`` is a directory. A link
        ``old`` is not followed (``linkat`` without AT_SYMLINK_FOLLOW)."""
        fs, rel, ap = self._fs(old, task, False)
        fs2, rel2, ap2 = self._fs(new, task, False)
        if fs is not fs2:
            raise oserror(errno.EXDEV)
        if type(fs) is not SimpleFs:
            fs.stat(rel, task, ap)
            raise oserror(errno.EPERM)
        fs.link(rel, rel2, task, ap, ap2)
        self.vfs.names_changed()

    @_returns_to_user
    def lstat(self, path: str, task: Task):
        """``lstat()``: :meth:`stat` of a symbolic link itself (its mode
        ``S_IFLNK | 0777``, its size the target's length)."""
        last_dir = names_directory(path)
        fs, rel, ap = self._fs(path, task, last_dir)
        if ap in self.vfs.mounts and rel:
            rel = ""
        own = None if last_dir else getattr(fs, "lstat", None)      # procfs: its links are its own
        return (own or fs.stat)(rel, task, ap)

    @_returns_to_user
    def symlink(self, target: str, path: str, task: Task) -> None:
        """``symlink(target, path)`` (``do_symlinkat`` → ``vfs_symlink``): a link
        whose inode and dentry are charged to ``task``'s memcg and whose target is
        kept as the filesystem keeps it (fs/namei.py). EPERM where the filesystem
        has no ``->symlink`` (cgroupfs' kernfs, procfs), EEXIST for a taken name
        or a mount point."""
        fs, rel, ap = self._new_name(path, task)
        self.vfs.has_symlinks = True
        fs.symlink(rel, target, task, ap)
        self.vfs.names_changed()

    def _new_name(self, path: str, task: Task):
        """``filename_create`` of a name ``->symlink`` or ``->mknod`` makes: its
        filesystem, EEXIST for a mount point, EPERM where the filesystem has
        neither (cgroupfs' kernfs, procfs), after the parent's lookup."""
        fs, rel, ap = self._fs(path, task, False)
        if rel == "":
            raise oserror(errno.EEXIST)
        if not isinstance(fs, SimpleFs):
            fs.stat(rel.rpartition("/")[0], task, ap.rpartition("/")[0] or "/")
            raise oserror(errno.EPERM)
        return fs, rel, ap

    @_returns_to_user
    def chdir(self, path: str, task: Task) -> None:
        """``chdir()`` (fs/open.c ``ksys_chdir``, fs/fs_struct.c ``set_fs_pwd``):
        ``task``'s pwd becomes the dentry of directory ``path`` (ENOENT, ENOTDIR),
        referenced; the old one is put (kernel/fs_struct.py)."""
        fs, rel, ap = self._fs(path, task)
        if rel and ap in self.vfs.mounts:
            fs, rel = self.vfs.mounts[ap], ""
        if not stat_mod.S_ISDIR(fs.stat(rel, task, ap).st_mode):
            raise oserror(errno.ENOTDIR)
        d = self.vfs.dentry(fs, rel, ap)
        d.d_count += 1
        old, task.pwd = task.pwd, d
        if old is not None:
            self.paths.dput(old)

    def getcwd(self, task: Task) -> str:
        """``getcwd()`` (fs/d_path.c): the pwd's path up its ``d_parent`` chain;
        ENOENT once it is removed (``d_unlinked``)."""
        d = task.pwd
        if d is None:
            return "/"
        if d.dead:
            raise oserror(errno.ENOENT)
        return d.path()

    def cwd_base(self, task: Task) -> str | None:
        """What a path relative to ``task``'s pwd is joined to: its path, or for a
        removed one the name fs/deaddir.py resolves (None: no pwd)."""
        d = task.pwd
        if d is None:
            return None
        return self.paths.dead_base(d) if d.dead else d.path()

    def is_cwd(self, path: str, task: Task) -> bool:
        """bash's ``same_file (path, ".")``: whether ``path`` names ``task``'s pwd
        (False if it does not resolve)."""
        try:
            fs, rel, ap = self._fs(path, task)
            if rel and ap in self.vfs.mounts:
                fs, rel = self.vfs.mounts[ap], ""
            fs.stat(rel, task, ap)
        except OSError:
            return False
        d = task.pwd
        return d is not None and not d.dead and d.fs is fs and d.rel == rel

    @_returns_to_user
    def readlink(self, path: str, task: Task) -> str:
        """``readlink()``: a symbolic link's target (/proc/self's too); EINVAL for
        anything else."""
        fs, rel, ap = self._fs(path, task, names_directory(path))
        read = None if names_directory(path) else getattr(fs, "readlink", None)
        if read is None:
            fs.stat(rel, task, ap)
            raise oserror(errno.EINVAL)
        return read(rel, task, ap)

    @_returns_to_user
    def mknod(self, path: str, mode: int, task: Task) -> None:
        """``mknod(path, S_IFIFO | perms)``: a FIFO (``mkfifo``), its inode and
        dentry charged to ``task`` as a file's. EPERM on a filesystem without
        ``->mknod`` (cgroupfs, procfs), EEXIST for a taken name."""
        fs, rel, ap = self._new_name(path, task)
        fs.mknod(rel, mode, task, ap)

    def swapon(self, path: str, task: Task) -> None:
        """``swapon(path, 0)`` (kernel/swapfile.py ``Swap.swapon``): a regular file's
        header page read; EINVAL for a file on a filesystem without
        ``swap_activate`` (tmpfs) or with holes (``iomap_swapfile_activate``: "swapfile
        has holes"), a directory or another kind of file."""
        fs, rel, ap = self._fs(path, task)
        f = fs.open(rel, "r", task, ap)
        try:
            inode = getattr(f, "inode", None)
            header = f.read(4096)
        finally:
            f.close()
        if (inode is None or getattr(fs, "name", "") != "ext4"
                or len(getattr(inode, "data", b"")) < inode.size):
            raise OSError(errno.EINVAL, "Invalid argument")
        with self.running(task):
            self.swap.swapon(inode, ap, header)

    def swapoff(self, path: str, task: Task) -> None:
        """``swapoff(path)``: EINVAL if it is no swap area (``swapoff``: no
        ``swap_info`` with that file), else every entry read back in."""
        fs, rel, ap = self._fs(path, task)
        f = fs.open(rel, "r", task, ap)
        inode = getattr(f, "inode", None)
        f.close()
        si = self.swap.find_area(inode)
        if si is None:
            raise OSError(errno.EINVAL, "Invalid argument")
        with self.running(task):
            self.swap.swapoff(si)
        self._check_killed(task)

    def sync(self, task: Task) -> None:
        """``sync()``: every dirty file written back, waiting for the I/O
        (kernel/writeback.py), then each ext4's journal committed and its block
        device's buffers written home (kernel/jbd2.py)."""
        with self.running(task):
            self.writeback.sync()
            self.buffers.sync()

    @_returns_to_user
    def rename(self, old: str, new: str, task: Task) -> None:
        """``rename()`` within one filesystem (EXDEV across two); links are
        renamed, not followed."""
        fs, rel, ap = self._fs(old, task, False)
        fs2, rel2, ap2 = self._fs(new, task, False)
        if fs is not fs2:
            raise oserror(errno.EXDEV)
        fs.rename(rel, rel2, task, ap, ap2)
        self.vfs.names_changed()
        if self.paths.live and rel != rel2:
            self.paths.d_move(fs, rel, rel2)    # d_move: held dentries follow

    @_returns_to_user
    def truncate(self, path: str, size: int, task: Task) -> None:
        """``truncate()`` of ``path`` to ``size`` bytes, creating the file if it is
        missing (as ``truncate -s``)."""
        fs, rel, ap = self._fs(path, task)
        fs.truncate(rel, size, task, ap)

    def mount(self, fstype: str, source: str, target: str, task: Task, options: str = "") -> None:
        """``mount -t tmpfs SOURCE TARGET``: a new tmpfs on directory ``target``
        (ENOTDIR otherwise). The model's cgroup hierarchy mounted again elsewhere:
        ``-t cgroup -o memory`` (v1) or ``-t cgroup2``, the same hierarchy seen at
        both places; ``-t cgroup -o freezer`` (v1) the freezer hierarchy, set up at
        its first mount (kernel/legacy_freezer.py) (``cgroup1_get_tree`` finds the root with the same controllers;
        other controllers than exactly memory: -EBUSY, as for a root that has other
        ones); memory on v1 while the model runs cgroup2 is busy there (-EBUSY), and
        cgroup2 beside v1 is not modelled (NotImplementedError). Other types: ENODEV.
        A tmpfs takes its limits from ``options`` (fs/shmem_sb.py); "remount" in
        ``options`` reconfigures the mount at ``target`` instead (-EINVAL if none
        is there; a filesystem's own options other than tmpfs's are not modelled)."""
        st = self.stat(target, task)
        if not st.st_mode & 0o040000:
            raise oserror(errno.ENOTDIR)
        target = target.rstrip("/") or "/"
        if "remount" in options.split(","):
            self._remount(target, options)
            return
        if fstype in ("cgroup", "cgroup2"):
            from .fs.cgroupfs import CgroupFs
            root = self.memory_root
            if fstype == "cgroup2":
                if not self.dfl:
                    raise NotImplementedError("a cgroup2 mount beside the v1 hierarchy")
            else:
                wanted = {o for o in options.split(",") if o in CONTROLLERS}
                if wanted == {"freezer"}:
                    root = self.freezer.mount(target)
                elif wanted != {"memory"} or self.dfl:
                    raise oserror(errno.EBUSY)
            cgfs = next((fs for fs in self.vfs.mounts.values()
                         if isinstance(fs, CgroupFs) and fs.root is root), None)
            if cgfs is None:
                cgfs = CgroupFs(self, root)
                cgfs.source = source or "cgroup"
            self.vfs.mount(target, cgfs)
            return
        if fstype != "tmpfs":
            raise oserror(errno.ENODEV)
        ctx = shmem_sb.parse_options(self, options)
        fs = SimpleFs(self, True, "tmpfs", source or "tmpfs")
        if ctx:
            fs.sbinfo = shmem_sb.new_sbinfo(self, ctx)
        self.vfs.mount(target, fs)

    def _remount(self, target: str, options: str) -> None:
        """``mount -o remount``: ``reconfigure_super`` of the mount at ``target``
        (``shmem_reconfigure`` for a tmpfs)."""
        fs = self.vfs.mounts.get(target)
        if fs is None:
            raise oserror(errno.EINVAL)
        if not getattr(fs, "shmem", False):
            if any(o.partition("=")[0] not in shmem_sb.GENERIC_FLAGS
                   for o in options.split(",") if o):
                raise NotImplementedError(f"remounting {fs.name} with its own options")
            return
        ctx = shmem_sb.parse_options(self, options)
        sb = fs.sbinfo = fs.limits()
        shmem_sb.reconfigure(sb, ctx, fs.used_blocks(), len(fs.nodes))

    @_returns_to_user
    def chmod(self, path: str, mode: int, task: Task) -> None:
        """``chmod(2)`` of a regular file or directory of a disk or tmpfs filesystem;
        other files (a tmpfs's root, cgroupfs, procfs) are not modelled
        (NotImplementedError)."""
        fs, rel, ap = self._fs(path, task)
        node = fs.lookup(rel, task, ap) if isinstance(fs, SimpleFs) else None
        if node is None and isinstance(fs, SimpleFs) and rel in fs.nodes and (
                rel or fs.name != "tmpfs"):
            # a directory's bits (the model keeps those not 0755)
            if mode & 0o7777 == 0o755:
                fs.dir_modes.pop(rel, None)
            else:
                fs.dir_modes[rel] = mode & 0o7777
            return
        if node is None or not hasattr(node, "ino"):
            self.stat(path, task)           # ENOENT first
            raise NotImplementedError("permissions other than a regular file's")
        node.mode = (node.mode & ~0o7777) | (mode & 0o7777)     # a FIFO's keeps its type

    def umount(self, target: str, task: Task, lazy: bool = False) -> None:
        """``umount(2)``: -EINVAL if ``target`` is not a mount point, -EBUSY for the
        model's own mounts but a second mount of its cgroup hierarchy or a tmpfs a
        script mounted, and for a mount something holds (``propagate_mount_busy``:
        a task's cwd on it, a file on it open, unlinked or not, a mount below it).
        A tmpfs's only mount going ends its superblock (``deactivate_super`` →
        ``kill_litter_super``: ``d_genocide`` drops the dentries tmpfs pins,
        ``evict_inodes`` frees every file's inode, dentry and pages, their charges
        with them), on the calling task's CPU (``cleanup_mnt``, task work on the
        way back to user space).

        ``lazy`` (``MNT_DETACH``, ``umount -l``): the mount and those below it leave
        the namespace at once (``umount_tree``); a superblock an open file still
        holds ends at that file's last close (``mntput_no_expire`` → ``cleanup_mnt``
        on the closing task), :meth:`files_closed`. Not modelled: a cwd on a
        detached mount keeping it (it ends once no file holds it)."""
        target = posixpath.normpath(target)
        vfs = self.vfs
        fs = vfs.mounts.get(target)
        if fs is None:
            raise oserror(errno.EINVAL)
        below = target.rstrip("/") + "/"
        tree = [m for m in vfs.mounts if m.startswith(below)]
        if target in vfs.boot_mounts and target not in vfs.covered or not lazy and (
                tree or self.paths.busy(target) or self._sb_held(fs)) or any(
                m in vfs.boot_mounts for m in tree):
            # a task's cwd on it (kernel/fs_struct.py); a boot mount below its path
            # (/mnt/disk under a tmpfs on /mnt: the model's mounts are by path, not
            # a tree) is never taken away by a lazy one
            raise oserror(errno.EBUSY)
        for m in sorted(tree, key=len, reverse=True) + [target]:
            f = vfs.mounts[m]
            vfs.umount(m)
            if lazy and self._sb_held(f):
                vfs.detached[f] = m
            else:
                self._kill_sb(f, m, task)

    def files_closed(self, task: Task) -> None:
        """As :meth:`KernelCore.files_closed`, then the superblocks a lazy umount
        detached that no open file holds any more end, on ``task``'s CPU."""
        super().files_closed(task)
        detached = self.vfs.detached
        if detached:
            for fs, mnt in list(detached.items()):
                if not self._sb_held(fs):
                    del detached[fs]
                    self._kill_sb(fs, mnt, task)

    def _sb_held(self, fs) -> bool:
        """Whether an open file holds a file of tmpfs ``fs``, linked or unlinked
        (``f_path.mnt``: ``propagate_mount_busy``'s count)."""
        if not (isinstance(fs, SimpleFs) and fs.shmem) or not (
                self.file_users or self.files_in_syscall):
            return False
        in_use = self.inodes_in_use()
        return any(on is fs and n in in_use for n, on in self.filemap.orphans.items()) or any(
            n in in_use for n in fs.nodes.values() if n is not None)

    def _kill_sb(self, fs, mnt: str, task: Task) -> None:
        """``kill_litter_super`` of a tmpfs no longer mounted: every file unlinked on
        ``task``'s CPU."""
        if isinstance(fs, SimpleFs) and fs.shmem:
            below = mnt.rstrip("/") + "/"
            for rel in [rel for rel, node in fs.nodes.items() if node is not None]:
                fs.unlink(rel, task, f"{below}{rel}")

    # ------------------------------------------------------- remote charging
    def bpf_map_create(self, task: Task, path: str, map_type: str, key_size: int,
                       value_size: int, max_entries: int, name: str = "") -> int:
        """``bpf(BPF_MAP_CREATE)`` then ``bpf(BPF_OBJ_PIN)`` at ``path`` on a bpffs;
        returns the map id."""
        from .fs.vfs import BpfFs
        fs, rel, ap = self._fs(path, task)
        if not isinstance(fs, BpfFs) or not rel:
            raise oserror(errno.EPERM)
        if rel in fs.nodes:
            raise oserror(errno.EEXIST)
        fs._parent_ok(rel)
        if key_size <= 0 or value_size <= 0 or max_entries <= 0:
            raise oserror(errno.EINVAL)
        with self.running(task):
            m = self.remote.bpf_map_create(name, map_type, key_size, value_size, max_entries)
        fs.pin(rel, m, ap)
        return m.id

    def inotify_init(self, task: Task) -> int:
        """``inotify_init()`` by ``task``: a new fsnotify group that holds the
        task's memcg (``inotify_new_group``: ``group->memcg``); returns its fd."""
        with self.running(task):
            return self.remote.inotify_init().id

    def inotify_add_watch(self, task: Task, fd: int, path: str, mask: int) -> int:
        """``inotify_add_watch(fd, path, mask)`` by ``task``: a mark on ``path``
        from a SLAB_ACCOUNT cache, charged to ``task`` (``inotify_new_watch``);
        returns the group's number of marks. EBADF if ``fd`` is not a group of
        ``task``."""
        self.stat(path, task)
        g = self.remote.groups.get(fd)
        if g is None or g.owner != task.pid:
            raise oserror(errno.EBADF)
        with self.running(task):
            self.remote.inotify_add_watch(g)
        return len(g.marks)

    def uname_release(self) -> str:
        """What ``uname -r`` prints: the design's release (``utsname()->release``)."""
        return self.design.uname

    def uname_nodename(self) -> str:
        """``utsname()->nodename`` (:attr:`nodename`: kernel.hostname's sysctl sets
        it, fs/procsys.py; ``sethostname`` is not modelled)."""
        return self.nodename

    def uname_version(self) -> str:
        """``utsname()->version`` (``UTS_VERSION``, /proc/sys/kernel/version): the
        build string of the guests' kernel of the design's release (fs/procsys.py)."""
        from .fs.procsys import uts_version
        return uts_version(self.sizes.release)

    # ---------------------------------------------------------- summaries
    def memory_cgroup_count(self) -> int:
        """``num_cgroups`` of the memory line of /proc/cgroups."""
        return self.memory_root.nr_cgrps
