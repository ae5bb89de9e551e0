"""``stress`` 1.0.7 (Amos Waterland's): vm, cpu and io hogs as forked workers.

Its messages are the tool's: ``stress: info: [PID] ...`` on stdout (not with
``-q``), ``stress: dbug: [PID] ...`` on stdout with ``-v``, ``stress: WARN: [PID]
(LINE) ...`` and ``stress: FAIL: [PID] (LINE) ...`` on stderr; LINE is the source
line of stress.c 1.0.7 that prints it (as Debian 12's build prints them; each
number here was read from its output). Exit status: the number of workers that
failed (a worker's fork that fails is reported and not counted, as the tool does).
"""
from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Generator

from ..context import Sleep
from ._util import command, overcommit_refuses, raw_write, strerror
from ...kernel.signum import SIGNALS
from .sysutils import BOOT_EPOCH
from ...sysapi import TaskKilled

if TYPE_CHECKING:
    from ..context import CommandContext

USAGE = """`stress' imposes certain types of compute stress on your system

Usage: stress [OPTION [ARG]] ...
 -?, --help         show this help statement
     --version      show version statement
 -v, --verbose      be verbose
 -q, --quiet        be quiet
 -n, --dry-run      show what would have been done
 -t, --timeout N    timeout after N seconds
     --backoff N    wait factor of N microseconds before work starts
 -c, --cpu N        spawn N workers spinning on sqrt()
 -i, --io N         spawn N workers spinning on sync()
 -m, --vm N         spawn N workers spinning on malloc()/free()
     --vm-bytes B   malloc B bytes per vm worker (default is 256MB)
     --vm-stride B  touch a byte every B bytes (default is 4096)
     --vm-hang N    sleep N secs before free (default none, 0 is inf)
     --vm-keep      redirty memory instead of freeing and reallocating
 -d, --hdd N        spawn N workers spinning on write()/unlink()
     --hdd-bytes B  write B bytes per hdd worker (default is 1GB)

Example: stress --cpu 8 --io 4 --vm 2 --vm-bytes 128M --timeout 10s

Note: Numbers may be suffixed with s,m,h,d,y (time) or B,K,M,G (size).
"""

#: option -> (its name in messages, the line of its assert_arg, the line of its check)
_OPTS = {
    "--backoff": ("--backoff", 142, 150), "--timeout": ("--timeout", 157, 161),
    "-t": ("--timeout", 157, 161), "--cpu": ("--cpu", 167, 171), "-c": ("--cpu", 167, 171),
    "--io": ("--io", 177, 181), "-i": ("--io", 177, 181), "--vm": ("--vm", 187, 191),
    "-m": ("--vm", 187, 191), "--vm-bytes": ("--vm-bytes", 197, 201),
    "--vm-stride": ("--vm-stride", 207, 211), "--vm-hang": ("--vm-hang", 217, 221),
    "--hdd": ("--hdd", 231, 235), "-d": ("--hdd", 231, 235),
    "--hdd-bytes": ("--hdd-bytes", 241, 245),
}
_CHECK = {"--timeout": "invalid timeout value: {}s", "--cpu": "invalid number of cpu hogs: {}",
          "--io": "invalid number of io hogs: {}", "--vm": "invalid number of vm hogs: {}",
          "--vm-bytes": "invalid vm byte value: {}", "--vm-stride": "invalid stride value: {}",
          "--vm-hang": "invalid value: {}", "--hdd": "invalid number of hdd hogs: {}",
          "--hdd-bytes": "invalid hdd byte value: {}",
          "--backoff": "invalid backoff factor: {}"}
#: the lines of main()'s and hogvm()'s other messages
L_FORK = {"cpu": 312, "io": 334, "vm": 355, "hdd": 376}
L_ERROR, L_ERROR_WARN, L_ERROR_KILL = 404, 406, 410
L_SIGNAL, L_SIGNAL_WARN, L_SIGNAL_KILL = 425, 427, 431
L_FAILED = 461
L_MALLOC = 512
#: atoll_b's and atoll_s's: an empty string, a bad suffix, no number
L_B_EMPTY, L_B_SUFFIX, L_B_NUMBER = 640, 665, 672
L_S_EMPTY, L_S_SUFFIX, L_S_NUMBER = 694, 723, 730

_SCANF = re.compile(r"[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)")
LLONG_MAX = 2 ** 63 - 1


class _Fail(Exception):
    """A FAIL message and exit(1) before any work."""

    def __init__(self, line: int, msg: str):
        super().__init__(msg)
        self.line = line
        self.msg = msg


def _scanf_lli(s: str) -> int | None:
    """``sscanf(s, "%lli")``: a C integer in any base, saturated to a long long;
    None when nothing matches."""
    m = _SCANF.match(s)
    if not m:
        return None
    d = m.group(2)
    v = int(d, 16) if d[1:2] in ("x", "X") else int(d, 8) if d[:1] == "0" else int(d)
    v = -v if m.group(1) == "-" else v
    return max(-LLONG_MAX - 1, min(LLONG_MAX, v))


def _wrap(v: int) -> int:
    """A long long's two's-complement wrap (the C shift overflows so)."""
    v &= 2 ** 64 - 1
    return v - 2 ** 64 if v > LLONG_MAX else v


def _atoll(s: str, factors: dict[str, int], lines: tuple[int, int, int]) -> int:
    """stress's ``atoll_b``/``atoll_s``: a C number (``sscanf %lli``) times the
    factor of its last character, which must be a digit or one of ``factors``;
    ``lines``: where each fails (an empty string, a bad suffix, no number)."""
    if not s:
        raise _Fail(lines[0], "invalid string")
    suffix = s[-1]
    factor = factors.get(suffix)
    if factor is None:
        if not suffix.isdigit():
            raise _Fail(lines[1], f"unrecognized suffix: {suffix}")
        factor = 1
    v = _scanf_lli(s)
    if v is None:
        raise _Fail(lines[2], f"invalid number: {s}")
    return _wrap(v * factor)


_SIZES = {c: 1 << k for k, cs in ((0, "bB"), (10, "kK"), (20, "mM"), (30, "gG")) for c in cs}
_TIMES = {"s": 1, "m": 60, "h": 3600, "d": 86400, "y": 31536000}


def atoll_b(s: str) -> int:
    """A size: suffix ``b`` 1, ``k`` 2^10, ``m`` 2^20, ``g`` 2^30 (either case),
    shifted as a long long (``9999999999G`` wraps)."""
    return _atoll(s, _SIZES, (L_B_EMPTY, L_B_SUFFIX, L_B_NUMBER))


def atoll_s(s: str) -> int:
    """Seconds: suffix ``s m h d y``."""
    return _atoll(s, _TIMES, (L_S_EMPTY, L_S_SUFFIX, L_S_NUMBER))


class _Opts:
    """stress's ``do_*`` variables, at their defaults."""
    __slots__ = ("debug", "dryrun", "backoff", "timeout", "cpu", "io", "vm", "vm_bytes",
                 "vm_stride", "vm_hang", "vm_keep", "hdd", "hdd_bytes", "said")

    def __init__(self) -> None:
        self.debug = 2
        self.dryrun = False
        self.backoff = 3000
        self.timeout = 0
        self.cpu = self.io = self.vm = self.hdd = 0
        self.vm_bytes = 256 << 20
        self.vm_stride = 4096
        self.vm_hang = -1
        self.vm_keep = False
        self.hdd_bytes = 1 << 30
        #: debug lines of the option loop (``--backoff`` after ``-v``)
        self.said: list[str] = []


def _parse(argv: list[str]) -> _Opts | str:
    """stress's own option loop: the options, or "help"/"version"."""
    o = _Opts()
    i = 1
    while i < len(argv):
        a = argv[i]
        if a in ("--help", "-?"):
            return "help"
        if a == "--version":
            return "version"
        if a in ("--verbose", "-v"):
            o.debug = 3
        elif a in ("--quiet", "-q"):
            o.debug = 0
        elif a in ("--dry-run", "-n"):
            o.dryrun = True
        elif a == "--vm-keep":
            o.vm_keep = True
        elif a in _OPTS:
            name, l_arg, l_check = _OPTS[a]
            i += 1
            if i == len(argv) or (argv[i][:1] == "-" and not argv[i][1:2].isdigit()):
                raise _Fail(l_arg, f"missing argument to option '{name}'")
            arg = argv[i]
            if name == "--backoff":
                v = _scanf_lli(arg)
                if v is None:
                    raise _Fail(145, f"invalid number: {arg}")
            elif name == "--timeout":
                v = atoll_s(arg)
            else:
                v = atoll_b(arg)
            bad = v < 0 if name in ("--backoff", "--vm-hang") else v <= 0
            if bad:
                raise _Fail(l_check, _CHECK[name].format(v))
            setattr(o, name[2:].replace("-", "_"), v)
            if name == "--backoff" and o.debug >= 3:
                o.said.append(f"setting backoff coeffient to {v}us")
        else:
            raise _Fail(251, f"unrecognized option: {a}")
        i += 1
    return o


class _Worker:
    """A forked worker: its kind, its task, when its ``usleep(backoff)`` ends."""
    __slots__ = ("kind", "task", "start", "alarm", "started", "reported")

    def __init__(self, kind: str, task, start: float, alarm: float) -> None:
        self.kind = kind
        self.task = task
        self.start = start
        self.alarm = alarm
        self.started = False
        self.reported = False


@command("stress", std_opts=False)
def cmd_stress(ctx: "CommandContext"):
    """``stress [-v|-q] [-n] [-t N] [--backoff N] [-c N] [-i N] [-m N [--vm-bytes B]
    [--vm-stride B] [--vm-hang N] [--vm-keep]]``.

    Forks the workers round robin (cpu, io, vm), each with ``alarm(timeout)`` (a
    kernel timer: SIGALRM ends it even after stress itself is gone, as the real
    workers outlive a killed stress) and a start ``backoff`` microseconds times the
    workers left to fork. A vm worker then mallocs ``--vm-bytes`` (refused past the
    machine's RAM, the heuristic overcommit: ``hogvm malloc failed``, status 1) and
    touches a byte every ``--vm-stride``: the pages touched are charged to its
    memcg (``sys.alloc_anon``: reclaim, OOM kill). Its malloc/touch/free loop
    (without ``--vm-keep`` or ``--vm-hang``) is not modelled: the memory is held
    throughout; with ``--vm-hang N`` and no ``--vm-keep`` it is freed and taken
    again every N seconds. cpu workers only hold their task (the model keeps no CPU
    time); io workers ``sync()`` once. ``--hdd`` is not modelled (status 1).

    stress waits for its workers (``wait``, oldest first among those dead):
    ``<-- worker PID got signal N`` for a worker killed (the OOM killer's SIGKILL),
    after which it tries ``kill(-getpid(), SIGUSR1)``: stress is no process-group
    leader under a script's shell, so it fails (``kill error: No such process``)
    and the other workers go on. A death is noticed when stress next wakes: at a
    worker's start, its alarm, or, with no timer left, when the death happens while
    stress is a background job."""
    try:
        o = _parse(ctx.argv)
    except _Fail as e:
        _fail(ctx, ctx.task.pid, e.line, e.msg)
        return 1
    if o == "help":
        raw_write(ctx.stdout, USAGE.encode())
        return 0
    if o == "version":
        raw_write(ctx.stdout, b"stress 1.0.7\n")
        return 0
    assert isinstance(o, _Opts)
    if not (o.cpu + o.io + o.vm + o.hdd):
        raw_write(ctx.stdout, USAGE.encode())
        return 0
    if o.hdd:
        ctx.stderr.write("stress: --hdd is not modelled\n")
        return 1
    return _run(ctx, o)


def _info(ctx, o: _Opts, pid: int, msg: str) -> None:
    if o.debug >= 2:
        raw_write(ctx.stdout, f"stress: info: [{pid}] {msg}\n".encode())


def _dbg(ctx, o: _Opts, pid: int, msg: str) -> None:
    if o.debug >= 3:
        raw_write(ctx.stdout, f"stress: dbug: [{pid}] {msg}\n".encode())


def _wrn(ctx, o: _Opts, pid: int, line: int, msg: str) -> None:
    if o.debug >= 1:
        ctx.stderr.write(f"stress: WARN: [{pid}] ({line}) {msg}\n")


def _fail(ctx, pid: int, line: int, msg: str) -> None:
    ctx.stderr.write(f"stress: FAIL: [{pid}] ({line}) {msg}\n")


def _time(ctx) -> int:
    """``time(NULL)``: whole seconds of the model's wall clock."""
    return int(BOOT_EPOCH + ctx.sys.now)


def _run(ctx: "CommandContext", o: _Opts) -> Generator:
    sys_, me = ctx.sys, ctx.task
    pid = me.pid
    starttime = _time(ctx)
    for line in o.said:
        _dbg(ctx, o, pid, line)
    _info(ctx, o, pid, f"dispatching hogs: {o.cpu} cpu, {o.io} io, {o.vm} vm, {o.hdd} hdd")
    workers: list[_Worker] = []
    rings: list = []
    left = {"cpu": o.cpu, "io": o.io, "vm": o.vm}
    while sum(left.values()):
        backoff = o.backoff * sum(left.values())
        _dbg(ctx, o, pid, f"using backoff sleep of {backoff}us")
        timeout = 0
        if o.timeout:
            timeout = o.timeout - (_time(ctx) - starttime)
            _dbg(ctx, o, pid, f"setting timeout to {timeout}s")
        for kind in ("cpu", "io", "vm"):
            if not left[kind]:
                continue
            try:
                w = sys_.fork(me, None)
            except OSError as e:
                _fail(ctx, pid, L_FORK[kind], f"fork failed: {strerror(e)}")
            else:
                alarm = sys_.now + timeout if timeout else math.inf
                workers.append(_Worker(kind, w, sys_.now + backoff / 1e6, alarm))
                if timeout:
                    rings.append((alarm, _alarm(sys_, w, alarm)))
                _dbg(ctx, o, pid, f"--> hog{kind} worker {left[kind]} [{w.pid}] forked")
            left[kind] -= 1
    retval = 0
    hang_at: dict[int, float] = {}
    while True:
        due = sys_.now + 1e-6      # the clock keeps ns: a float sum may land just short
        for when, ring in rings:
            if when <= due:
                ring()
        for w in sorted((w for w in workers if not w.started), key=lambda w: w.start):
            if w.start > due:
                break
            w.started = True
            _start(ctx, o, w, hang_at)
        for w in workers:
            at = hang_at.get(w.task.pid)
            if at is not None and at <= due and w.task.alive:
                hang_at[w.task.pid] = at + o.vm_hang
                _rehang(ctx, o, w)
        for w in workers:
            if w.reported or w.task.alive:
                continue
            w.reported = True
            hang_at.pop(w.task.pid, None)
            retval += _reap(ctx, o, pid, w)
        live = [w for w in workers if not w.reported]
        if not live:
            break
        events = [w.start if not w.started else w.alarm for w in live]
        events += hang_at.values()
        wake = min(events)
        if wake < math.inf:
            yield Sleep(max(0.0, wake - sys_.now))
        else:
            yield from _until_a_death(workers)
    runtime = _time(ctx) - starttime
    if retval:
        _fail(ctx, pid, L_FAILED, f"failed run completed in {runtime}s")
    else:
        _info(ctx, o, pid, f"successful run completed in {runtime}s")
    return retval


def _alarm(sys_, w, when: float):
    """``alarm(timeout)`` in the worker: SIGALRM at ``when`` (its default action
    ends it; a worker whose stress is gone is init's, which reaps it). Returns
    the timer's function."""
    def ring() -> None:
        if w.alive:
            try:
                sys_.kill(w.pid, SIGNALS["ALRM"])
            except OSError:
                return
    sys_.call_at(when, ring)
    return ring


def _start(ctx, o: _Opts, w: _Worker, hang_at: dict) -> None:
    """The worker after its backoff: a dry run exits 0; a vm worker mallocs and
    touches its memory (then sleeps, hangs or loops, all the same to the model)."""
    sys_, t = ctx.sys, w.task
    if not t.alive:
        return
    if o.dryrun:
        sys_.exit(t, 0)
        return
    if w.kind == "io":
        sys_.sync(t)
        return
    if w.kind != "vm":
        return
    _dbg(ctx, o, t.pid, f"allocating {o.vm_bytes} bytes ...")
    if overcommit_refuses(ctx, o.vm_bytes):
        _fail(ctx, t.pid, L_MALLOC, "hogvm malloc failed: Cannot allocate memory")
        sys_.exit(t, 1)
        return
    if not _touch(ctx, o, t):
        return
    if o.vm_hang == 0:
        _dbg(ctx, o, t.pid, "sleeping forever with allocated memory")
    elif o.vm_hang > 0:
        _dbg(ctx, o, t.pid, f"sleeping for {o.vm_hang}s with allocated memory")
        hang_at[t.pid] = sys_.now + o.vm_hang


def _touch(ctx, o: _Opts, t) -> bool:
    """``ptr[i] = 'Z'`` every stride: the pages touched are faulted in and charged.
    False if the worker died of it (the OOM killer chose it)."""
    _dbg(ctx, o, t.pid, f"touching bytes in strides of {o.vm_stride} bytes ...")
    pages = -(-o.vm_bytes // max(o.vm_stride, 4096))
    try:
        ctx.sys.alloc_anon(t, pages * 4096)
    except TaskKilled as e:
        if e.pid != t.pid:
            raise
        return False
    return True


def _rehang(ctx, o: _Opts, w: _Worker) -> None:
    """``--vm-hang N`` over: the bytes checked, freed (not with ``--vm-keep``),
    malloc'ed and touched again, then another N seconds."""
    t = w.task
    if not o.vm_keep:
        ctx.sys.free_anon(t, -(-o.vm_bytes // max(o.vm_stride, 4096)) * 4096)
        _dbg(ctx, o, t.pid, f"freed {o.vm_bytes} bytes")
        _dbg(ctx, o, t.pid, f"allocating {o.vm_bytes} bytes ...")
    if _touch(ctx, o, t):
        _dbg(ctx, o, t.pid, f"sleeping for {o.vm_hang}s with allocated memory")


def _reap(ctx, o: _Opts, pid: int, w: _Worker) -> int:
    """``wait()`` returned ``w``: its report; 1 if it failed."""
    t = w.task
    sig, code = t.exit_signal, t.exit_code or 0
    if t.state == "zombie":
        ctx.sys.reap(t)
    if sig is None:
        if code == 0:
            _dbg(ctx, o, pid, f"<-- worker {t.pid} returned normally")
            return 0
        _fail(ctx, pid, L_ERROR, f"<-- worker {t.pid} returned error {code}")
        _wrn(ctx, o, pid, L_ERROR_WARN, "now reaping child worker processes")
        _fail(ctx, pid, L_ERROR_KILL, "kill error: No such process")
        return 1
    if sig == SIGNALS["ALRM"]:
        _dbg(ctx, o, pid, f"<-- worker {t.pid} signalled normally")
        return 0
    if sig == SIGNALS["USR1"]:
        _dbg(ctx, o, pid, f"<-- worker {t.pid} reaped")
        return 0
    _fail(ctx, pid, L_SIGNAL, f"<-- worker {t.pid} got signal {sig}")
    _wrn(ctx, o, pid, L_SIGNAL_WARN, "now reaping child worker processes")
    _fail(ctx, pid, L_SIGNAL_KILL, "kill error: No such process")
    return 1


def _until_a_death(workers: list[_Worker]) -> Generator:
    """``wait()`` with no timer of ours left: a background stress wakes when a worker
    dies; in the foreground nothing else could end one, so it sleeps for good."""
    from ..jobs import Block
    req = Block(lambda: any(not w.reported and not w.task.alive for w in workers))
    yield req
    if req.deadlocked:
        yield Sleep(math.inf)
