"""``/proc/PID/stat``, ``statm`` and ``status`` (fs/proc/array.c ``do_task_stat``,
``proc_pid_statm``, ``proc_pid_status``) in the kernel's formats, from what the
model keeps of a task.

Compared with the oracle's guests (5.10.262 and 6.1.192, Debian builds: the
bytes each printed for a sleeping ``sleep``, the reading ``cat``, the shell, init
and kthreadd are in ``tests/fs/test_procpid.py``). What the model does not keep
prints as the kernel prints it for a task that never used it: page-fault counts,
CPU times, context switches 0; the mm's addresses (code, stack, arguments,
environment) as ``do_task_stat`` prints them to a reader not ``permitted`` to see
them (start_code 1, end_code 1, the others 0). An mm is the model's: its anon
pages, its binary's file and shmem pages as its counters hold them (``Mm.rss``:
kernel/fork.py ``ProgramImage.text``) and page tables; its sizes (VmSize,
VmExe, VmLib, VmStk, VmData, ``vsize``) are those of its areas (fs/procmaps.py:
the guests' binaries' mappings, its heap, stack and anonymous mappings as far as
faulted), VmRSS what the split RSS counters hold. Every task is root's, in the initial namespaces, with
the capabilities of a root process and no seccomp.
"""
from __future__ import annotations

from ..kernel.fork import MAX_THREADS, PF_KTHREAD, get_mm_rss, get_mm_swapents, mm_pgtables_pages
from ..kernel.signum import SIGCHLD, SIGKILL

#: ``nsec_to_clock_t``: USER_HZ (100) ticks a second
NSEC_PER_CLOCK_T = 10**9 // 100
#: RLIMIT_RSS's default, RLIM_INFINITY (``INIT_RLIMITS``)
RLIM_INFINITY = 2**64 - 1
#: ``MAX_NUMNODES`` of the guests' Debian config (NODES_SHIFT 10): the bits of
#: ``Mems_allowed`` (32 words in the recordings)
MAX_NUMNODES = 1024
#: ``CAP_FULL_SET`` of 5.10 and 6.1 (CAP_LAST_CAP 40: CAP_CHECKPOINT_RESTORE)
CAP_FULL_SET = (1 << 41) - 1
#: ``task_seccomp``'s ``Speculation_Store_Bypass`` on the guests' CPU (TCG)
SPEC_STORE_BYPASS = "not vulnerable"
#: ``SpeculationIndirectBranch`` (``KernelDesign.proc_status_ib``)
SPEC_INDIRECT_BRANCH = "always enabled"


def task_state(t, reader, frozen: bool = False) -> tuple[str, str]:
    """``get_task_state``: (letter, ``status``'s name). The reader itself runs
    (R); a zombie is Z; an idle kworker waits as TASK_IDLE (I, since 4.14's
    ``worker_thread``); a stop signal's target is stopped (T); a task the v1
    freezer froze (``frozen``) sleeps in ``__refrigerator``: "D (disk sleep)" on
    both guests (5.10's TASK_UNINTERRUPTIBLE, 6.1's TASK_FROZEN: recordings
    v1-freezer*); every other
    process of the model sleeps in ``wait``, ``nanosleep`` or a pipe (S). Not
    modelled: R for a task computing on another CPU at that moment."""
    if t is reader:
        return "R", "R (running)"
    if not t.alive:
        return "Z", "Z (zombie)"
    if t.flags & PF_KTHREAD:
        return "I", "I (idle)"
    if frozen:
        return "D", "D (disk sleep)"
    if t.state == "stopped":
        return "T", "T (stopped)"
    return "S", "S (sleeping)"


def _ppid(t) -> int:
    return t.parent.pid if t.parent is not None else 0


def _mm_pages(t) -> tuple[int, int]:
    """(resident pages, page-table pages) of the task's mm; (0, 0) without one: the
    resident pages ``get_mm_rss``'s, the page-table pages ``mm_pgtables_bytes``'s
    (fork.py ``get_mm_rss``, ``mm_pgtables_pages``)."""
    mm = t.mm
    if mm is None or not t.alive:
        return 0, 0
    return get_mm_rss(mm), mm_pgtables_pages(mm)


def _sigmask(bits: int) -> int:
    """The model's masks keep signal N at bit N; the kernel's ``sigset_t`` at N-1."""
    return bits >> 1


def pid_stat(t, reader, wchan_flag: bool, total_vm: int, frozen: bool = False) -> str:
    """``do_task_stat`` (whole=1): the 52 fields; ``wchan_flag``: field 35 is
    1 for a task not running (``KernelDesign.proc_stat_wchan``). The session
    and the terminal: none were set up by the guests' init (``busybox sh
    /init``: every task's session and process group 0 until a ``setsid``, no
    controlling tty: tty_nr 0, tpgid -1). A task asleep in a nanosleep has 5.10's
    PF_FREEZER_SKIP (``Kernel.freezable_sleep``). Fields 10-13 are the task's
    faults and its reaped children's (fork.py ``Task.min_flt``, ``cmin_flt``);
    ``total_vm``: its areas' pages (``vsize``); ``frozen``: :func:`task_state`'s."""
    state, _ = task_state(t, reader, frozen)
    rss, _ = _mm_pages(t)
    has_mm = t.mm is not None and t.alive
    wchan = 1 if wchan_flag and state not in ("R", "Z") else 0
    ign = _sigmask(t.sigignore) & 0x7FFFFFFF
    catch = _sigmask(t.sigcaught) & 0x7FFFFFFF
    pend = _sigmask(t.sigpending) & 0x7FFFFFFF
    exit_code = (t.exit_code or 0) << 8 | (t.exit_signal or 0) if not t.alive else 0
    fields = [
        t.pid, f"({t.comm})", state, _ppid(t), t.pgid, t.sid, 0, -1, t.flags,
        t.min_flt, t.cmin_flt, t.maj_flt, t.cmaj_flt,
        0, 0, 0, 0,                 # utime stime cutime cstime
        20, 0, 1, 0,                # priority nice num_threads itrealvalue
        t.forked_at // NSEC_PER_CLOCK_T, total_vm * 4096, rss, RLIM_INFINITY,
        1 if has_mm else 0, 1 if has_mm else 0, 0,     # start_code end_code start_stack
        0, 0,                       # kstkesp kstkeip: only of an exiting task
        pend, 0, ign, catch, wchan, 0, 0, SIGCHLD, t.cpu,
        0, 0, 0, 0, 0,              # rt_priority policy blkio_ticks gtime cgtime
        0, 0, 0, 0, 0, 0, 0,        # start_data .. env_end
        exit_code]
    return " ".join(map(str, fields)) + "\n"


def pid_statm(t, vm: tuple[int, int, int, int, int]) -> str:
    """``proc_pid_statm`` → ``task_statm``: size resident shared text lib data
    dt, in pages; size ``total_vm``, resident ``get_mm_rss``, shared
    MM_FILEPAGES + MM_SHMEMPAGES, text the executable's (VmExe), data
    ``data_vm + stack_vm``; ``vm``: fs/procmaps.py ``vm_sizes``."""
    rss, _ = _mm_pages(t)
    total, exe, _, stk, data = vm
    shared = sum(t.mm.rss) if t.mm is not None and t.alive else 0
    return f"{total} {rss} {shared} {exe} 0 {data + stk} 0\n"


def _bitmap_string(bits: set[int], nbits: int) -> str:
    """``%*pb``: 32-bit words in hex, the most significant first, comma-separated,
    the first as wide as its bits need."""
    v = sum(1 << b for b in bits)
    words = [(v >> (32 * i)) & 0xFFFFFFFF for i in range((nbits + 31) // 32)]
    head = nbits % 32 or 32
    out = [format(words[-1], f"0{(head + 3) // 4}x")]
    out += [format(w, "08x") for w in reversed(words[:-1])]
    return ",".join(out)


#: RLIMIT_SIGPENDING, ``SigQ``'s limit: ``max_threads / 2`` at boot (``fork_init``;
#: kernel/fork.py MAX_THREADS), as the guests print it (tests/conformance/
#: recordings/proc-pid-files--*: 3802, 3775)
SIGQ_MAX = {release: n // 2 for release, n in MAX_THREADS.items()}


def queued_signals(tasks) -> int:
    """The signals queued and not yet taken of every task (all root's): the count
    ``SigQ`` shows (5.10 ``user->sigpending``, 6.1 the user's
    UCOUNT_RLIMIT_SIGPENDING: one a ``__sigqueue_alloc`` in ``__send_signal``,
    given back at ``__sigqueue_free``). SIGKILL and a signal to a kernel thread
    take none (``goto out_set``), nor does a signal already pending
    (``legacy_queue``): one a pending bit."""
    n = 0
    kill = 1 << SIGKILL
    for t in tasks:
        if t.flags & PF_KTHREAD:
            continue
        bits = (t.sigpending | t.shdpending) & ~kill
        if bits:
            n += bin(bits).count("1")
    return n


def pid_status(t, reader, nr_cpus: int, indirect_branch: bool, sigq_max: int,
               vm: tuple[int, int, int, int, int], frozen: bool = False,
               sigq: int = 0) -> str:
    """``proc_pid_status``: every line the 5.10 and 6.1 guests print, in order
    (``indirect_branch``: 6.1's ``SpeculationIndirectBranch``; ``sigq`` and
    ``sigq_max``: :func:`queued_signals` and RLIMIT_SIGPENDING); the Vm lines, CoreDumping and THP_enabled only for a
    task with an mm (not a kernel thread nor a zombie). ``task_mem``'s sizes
    are its areas' (``vm``: fs/procmaps.py ``vm_sizes``: total_vm, VmExe, VmLib,
    VmStk, VmData); VmPeak and VmHWM the larger of those and the mm's ``hiwater_vm``
    and ``hiwater_rss`` (what the last unmap found: ``Mm.hiwater_vm``); VmSwap its
    MM_SWAPENTS, the swap ptes of its areas (``Mm.swap``: ``try_to_unmap_one``'s
    ``inc_mm_counter`` at a swap-out, ``unuse_pte``'s and ``zap_pte_range``'s
    decrements; ``do_swap_page``'s in the owner's split cache until a sync,
    fork.py ``get_mm_swapents``: mm/rmap.c, mm/memory.c, mm/swapfile.c, v5.10
    and v6.1)."""
    from ..shell.commands.taskset import cpulist_create
    _, state = task_state(t, reader, frozen)
    pid = t.pid
    lines = [f"Name:\t{t.comm}", "Umask:\t0022", f"State:\t{state}", f"Tgid:\t{pid}", "Ngid:\t0", f"Pid:\t{pid}",
              f"PPid:\t{_ppid(t)}", "TracerPid:\t0", "Uid:\t0\t0\t0\t0", "Gid:\t0\t0\t0\t0",
              f"FDSize:\t{0 if not t.alive else 64 if t.flags & PF_KTHREAD else 256}",
              "Groups:\t ", f"NStgid:\t{pid}", f"NSpid:\t{pid}", f"NSpgid:\t{t.pgid}",
              f"NSsid:\t{t.sid}"]
    if t.mm is not None and t.alive:
        rss, pte = _mm_pages(t)
        kb = rss * 4
        file_kb, shmem_kb = t.mm.rss[0] * 4, t.mm.rss[1] * 4
        size, exe, lib, stk, data = vm

        def vm(name: str, v: int) -> str:
            return f"{name}:\t{v:8d} kB"
        lines += [vm("VmPeak", max(size, t.mm.hiwater_vm) * 4), vm("VmSize", size * 4),
                  vm("VmLck", 0), vm("VmPin", 0),
                  vm("VmHWM", max(rss, t.mm.hiwater_rss) * 4), vm("VmRSS", kb), vm("RssAnon", kb - file_kb - shmem_kb),
                  vm("RssFile", file_kb), vm("RssShmem", shmem_kb), vm("VmData", data * 4), vm("VmStk", stk * 4), vm("VmExe", exe * 4),
                  vm("VmLib", lib * 4), vm("VmPTE", pte * 4),
                  vm("VmSwap", get_mm_swapents(t.mm) * 4),
                  vm("HugetlbPages", 0), "CoreDumping:\t0", "THP_enabled:\t1"]
    cpus = range(nr_cpus) if t.cpus_allowed is None else sorted(t.cpus_allowed)
    # get_nr_threads: ``signal->nr_threads``, taken down at ``__unhash_process``
    # (release_task): a zombie not reaped still counts itself
    lines += ["Threads:\t1", f"SigQ:\t{sigq}/{sigq_max}",
              f"SigPnd:\t{_sigmask(t.sigpending):016x}", f"ShdPnd:\t{_sigmask(t.shdpending):016x}",
              "SigBlk:\t0000000000000000", f"SigIgn:\t{_sigmask(t.sigignore):016x}",
              f"SigCgt:\t{_sigmask(t.sigcaught):016x}", "CapInh:\t0000000000000000",
              f"CapPrm:\t{CAP_FULL_SET:016x}", f"CapEff:\t{CAP_FULL_SET:016x}",
              f"CapBnd:\t{CAP_FULL_SET:016x}", "CapAmb:\t0000000000000000",
              "NoNewPrivs:\t0", "Seccomp:\t0", "Seccomp_filters:\t0",
              f"Speculation_Store_Bypass:\t{SPEC_STORE_BYPASS}"]
    if indirect_branch:
        lines.append(f"SpeculationIndirectBranch:\t{SPEC_INDIRECT_BRANCH}")
    lines += [f"Cpus_allowed:\t{_bitmap_string(set(cpus), nr_cpus)}",
              f"Cpus_allowed_list:\t{cpulist_create(cpus)}",
              f"Mems_allowed:\t{_bitmap_string({0}, MAX_NUMNODES)}", "Mems_allowed_list:\t0",
              "voluntary_ctxt_switches:\t0", "nonvoluntary_ctxt_switches:\t0"]
    return "\n".join(lines) + "\n"


#: ``lnames`` of fs/proc/base.c ``proc_pid_limits`` (v5.10 and v6.1): name, unit
LIMIT_NAMES = (("Max cpu time", "seconds"), ("Max file size", "bytes"),
               ("Max data size", "bytes"), ("Max stack size", "bytes"),
               ("Max core file size", "bytes"), ("Max resident set", "bytes"),
               ("Max processes", "processes"), ("Max open files", "files"),
               ("Max locked memory", "bytes"), ("Max address space", "bytes"),
               ("Max file locks", "locks"), ("Max pending signals", "signals"),
               ("Max msgqueue size", "bytes"), ("Max nice priority", ""),
               ("Max realtime priority", ""), ("Max realtime timeout", "us"))


def pid_limits(nproc: int, mlock_bytes: int) -> str:
    """``proc_pid_limits``: every task's rlimits are the guests' init's
    (``INIT_RLIMITS``: RLIMIT_STACK 8 MiB, RLIMIT_CORE 0 soft, RLIMIT_NOFILE
    1024/4096 (INR_OPEN_CUR/MAX), MQ_BYTES_MAX 819200; RLIMIT_NPROC and
    RLIMIT_SIGPENDING ``max_threads / 2`` (``fork_init``), RLIMIT_MEMLOCK
    MLOCK_LIMIT: ``nproc``, ``mlock_bytes``), as the guests print them
    (calibration/recordings/proc-files-probe--*)."""
    inf = None
    vals = (inf, inf), (inf, inf), (inf, inf), (8388608, inf), (0, inf), (inf, inf), \
        (nproc, nproc), (1024, 4096), (mlock_bytes, mlock_bytes), (inf, inf), (inf, inf), \
        (nproc, nproc), (819200, 819200), (0, 0), (0, 0), (inf, inf)
    out = [f"{'Limit':<25} {'Soft Limit':<20} {'Hard Limit':<20} {'Units':<10}\n"]
    for (name, unit), (soft, hard) in zip(LIMIT_NAMES, vals):
        s = "unlimited" if soft is None else str(soft)
        h = "unlimited" if hard is None else str(hard)
        line = f"{name:<25} {s:<20} {h:<20} "
        out.append(line + (f"{unit:<10}\n" if unit else "\n"))
    return "".join(out)


def pid_io() -> str:
    """``do_io_accounting``: the model counts no task's I/O (read and write
    syscalls, bytes, block I/O), so every counter reads 0, as for a task that
    did none."""
    return ("rchar: 0\nwchar: 0\nsyscr: 0\nsyscw: 0\nread_bytes: 0\nwrite_bytes: 0\n"
            "cancelled_write_bytes: 0\n")


#: the environment init (the guests' ``busybox sh /init``) hands its children, and
#: what bash adds (calibration/recordings/proc-files-probe--*: a tail run by the
#: script's bash); the model keeps no process's environment
INIT_ENV = ("HOME=/root", "TERM=linux")


def pid_environ(t, cwd: str | None) -> bytes:
    """``environ_read``: the strings of the mm's environment area, NUL-ended;
    a kernel thread or a zombie has none. The model keeps no environment: a
    user process reads the one bash exports to its commands on the guests
    (PWD, init's HOME and TERM, SHLVL, PATH, and ``_`` the program's path)."""
    if t.mm is None or not t.alive or t.flags & PF_KTHREAD:
        return b""
    env = [f"PWD={cwd or '/'}", *INIT_ENV, "SHLVL=2", "PATH=/bin:/sbin",
           f"_=/bin/{t.comm}"]
    return b"".join(e.encode() + b"\0" for e in env)


def pid_oom_score(badness: "int | None", totalpages: int) -> str:
    """``proc_oom_score`` (fs/proc/base.c, v5.10 and v6.1): ``oom_badness``
    scaled into 0..2000 as before v5.9, then two thirds: ``(1000 + badness *
    1000 / totalpages) * 2 / 3``; 0 for an unkillable task (LONG_MIN)."""
    if badness is None:
        return "0\n"
    q = abs(badness) * 1000 // totalpages
    return f"{(1000 + (q if badness >= 0 else -q)) * 2 // 3}\n"
