"""Ignored signals (SIG_IGN): ``trap '' SIG`` and ``nohup`` set them, children
inherit them, execve keeps them; SIGKILL cannot be ignored. Compared with bash."""
from __future__ import annotations

import os
import re
import signal
import subprocess

import pytest

from memcgsim import Kernel
from memcgsim.shell.interp import run_script

SCRIPT = """( trap '' HUP; sleep 1 ) & p=$!
sleep 0.5; kill -HUP $p; wait $p; echo "ignored: $?"
( trap '' HUP; trap - HUP; sleep 1 ) & p=$!
sleep 0.5; kill -HUP $p; wait $p 2>/dev/null; echo "reset: $?"
( trap '' KILL TERM; exec sleep 1 ) & p=$!
sleep 0.5; kill -TERM $p; wait $p; echo "term kept over exec: $?"
( trap '' TERM; sleep 1 ) & p=$!
sleep 0.5; kill -KILL $p; wait $p 2>/dev/null; echo "kill: $?"
nohup sleep 1 & p=$!
sleep 0.5; kill -HUP $p; wait $p; echo "nohup: $?"
"""


def _slowed(script: str, factor: int) -> str:
    """``script`` with every ``sleep N`` lasting ``factor`` times longer."""
    return re.sub(r"\bsleep (\d+(?:\.\d+)?)",
                  lambda m: f"sleep {float(m.group(1)) * factor:g}", script)


def _default_signals() -> None:
    """In the host's bash before its exec: the signals the scripts send, default."""
    for sig in (signal.SIGHUP, signal.SIGINT, signal.SIGQUIT, signal.SIGTERM, signal.SIGUSR1):
        signal.signal(sig, signal.SIG_DFL)


def _host_bash(script: str, expected: str) -> subprocess.CompletedProcess:
    """The host's bash on ``script``: these scripts race sleeps of 0.3-0.5 s against
    signals, which a loaded host can lose (a subshell not yet at its ``trap`` when the
    signal comes), so a run that differs from ``expected`` is retried with its sleeps
    3 and 9 times longer (the order of events, hence the output, is the same at any
    pace); the model, deterministic, is held to ``expected`` on its one run. bash
    starts with the default dispositions the model's shell has: a signal ignored
    at its entry cannot be trapped or reset (a run under ``nohup`` ignores SIGHUP)."""
    for factor in (1, 3, 9):
        host = subprocess.run(["bash", "-c", _slowed(script, factor)], preexec_fn=_default_signals,
                              capture_output=True, text=True, timeout=120)
        if host.stdout == expected:
            break
    return host


def test_ignored_signals_as_bash():
    r = run_script(Kernel(design="6.1", cgroup="v2"), SCRIPT, "s.sh")
    expected = ("ignored: 0\nreset: 129\nterm kept over exec: 0\n"
                "kill: 137\nnohup: 0\n")
    host = _host_bash(SCRIPT, expected)
    assert r.stdout == host.stdout == expected


def test_sigaction_refuses_kill_and_stop():
    k = Kernel(design="6.1", cgroup="v2")
    t = k.spawn("sleep")
    for sig in (9, 19):
        with pytest.raises(OSError):
            k.sigaction(t, sig, True)
    k.sigaction(t, 15, True)
    k.kill(t.pid, 15)
    k.advance(0.01)
    assert t.alive
    k.kill(t.pid, 9, k.init)
    assert t.alive and k.fatal_signal_pending(t)    # dies when it next runs
    k.advance(0.01)
    assert not t.alive


# each job outlives its signal by 0.7 s (the host's run waits for the jobs that ignore
# it: ~5 s; a lost race is retried slower, _host_bash)
ASYNC = """sleep 1 & p=$!; sleep 0.3; kill -INT $p; wait $p; echo "simple: $?"
sleep 1 & p=$!; sleep 0.3; kill -QUIT $p; wait $p; echo "quit: $?"
(sleep 1) & p=$!; sleep 0.3; kill -INT $p; wait $p; echo "subshell: $?"
sleep 1 | sleep 1 & p=$!; sleep 0.3; kill -INT $p; wait $p; echo "pipeline: $?"
{ sleep 1; } & p=$!; sleep 0.3; kill -INT $p; wait $p; echo "group: $?"
( trap '' INT; sleep 1 ) & p=$!; sleep 0.3; kill -INT $p; wait $p; echo "trapped: $?"
"""


def test_background_jobs_ignore_sigint_as_bash():
    """``setup_async_signals``: a script's background command ignores SIGINT and
    SIGQUIT; the commands an async ( ) runs get them back before their execve."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), ASYNC, "a.sh")
    expected = ("simple: 0\nquit: 0\nsubshell: 130\npipeline: 0\n"
                "group: 0\ntrapped: 0\n")
    host = _host_bash(ASYNC, expected)
    assert r.stdout == host.stdout == expected


CAUGHT = """( trap 'echo "got TERM"; exit 7' TERM; sleep 1; echo after ) & p=$!
sleep 0.3; kill $p; wait $p; echo "st=$?"
( trap 'echo "got INT"' INT; sleep 1; echo "after int" ) & p=$!
sleep 0.3; kill -INT $p; wait $p; echo "st=$?"
( trap 'echo usr1' USR1; while :; do sleep 0.2; done ) 2>/dev/null & p=$!
sleep 0.3; kill -USR1 $p; sleep 0.5; kill -9 $p; wait $p 2>/dev/null; echo "st=$?"
trap 'echo "main got HUP"' HUP
( sleep 0.3; kill -HUP $$ ) &
wait; echo "wait st=$?"
( trap 'echo "in sub"' TERM; exec sleep 1 ) & p=$!
sleep 0.3; kill $p; wait $p; echo "exec st=$?"
"""


def test_trapped_signals_from_other_processes_as_bash():
    """A trapped signal another process sends is left pending and its trap runs
    between commands (after the foreground command ends); ``wait`` returns at once
    with 128 + it; execve resets the handler (the signal kills)."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), CAUGHT, "c.sh")
    expected = (
        "got TERM\nst=7\ngot INT\nafter int\nst=0\nusr1\nst=137\nmain got HUP\nwait st=129\n"
        "exec st=143\n")
    host = _host_bash(CAUGHT, expected)
    assert r.stdout == host.stdout == expected


WAIT_N = """trap 'echo "trap USR1"' USR1
sleep 2 & s=$!
( sleep 0.3; kill -USR1 $$; sleep 0.3 ) & k=$!
wait -n; echo "wait -n: $?"
wait $k; echo "the signaller is still to be waited for: $?"
( sleep 0.3; kill -USR1 $$; sleep 0.3 ) &
wait -n $s; echo "wait -n PID: $?"
( sleep 0.3; kill -USR1 $$; sleep 0.3 ) &
wait; echo "wait: $?"
wait $s; echo "wait PID: $?"
"""


def test_trapped_signal_interrupts_wait_n_as_bash():
    """``wait -n`` (with or without IDs) is interrupted by a trapped signal as a
    plain ``wait`` is: it returns 128 + the signal at once, before the job it
    waits for ends, and its trap runs next; the job that sent it is not reaped
    by the interrupted wait. The script signals only itself; each signaller
    lives on a while after its kill (bash 5.2, its exit reaped in the same
    interrupted ``wait -n``, lost track of it and of the other job: ``wait``
    gave -1, then "no such job")."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), WAIT_N, "w.sh")
    expected = (
        "trap USR1\nwait -n: 138\nthe signaller is still to be waited for: 0\n"
        "trap USR1\nwait -n PID: 138\ntrap USR1\nwait: 138\nwait PID: 0\n")
    host = _host_bash(WAIT_N, expected)
    assert r.stdout == host.stdout == expected
    assert r.stderr == host.stderr == ""


def test_bash_own_dispositions_in_proc_status_as_bash():
    """SigIgn/SigCgt of the shell, its subshells, async jobs, process
    substitutions and their commands (shell/signals.py), as bash 5.2.15 printed
    them for calibration/bash-signals.sh (recordings/bash-signals--host-*)."""
    here = os.path.join(os.path.dirname(__file__), "..", "..", "calibration")
    with open(os.path.join(here, "bash-signals.sh")) as f:
        script = f.read()
    with open(os.path.join(here, "recordings", "bash-signals--host-bash-5.2.15.txt")) as f:
        want = f.read()
    r = run_script(Kernel(design="6.1", cgroup="v2"), script, "bash-signals.sh")
    assert r.stdout == want
    assert "subshell SigIgn:\t0000000000000000  subshell SigCgt:\t0000000000010002" in want


WAIT_SIGINT = """( sleep 0.3; kill -INT $$ ) & sleep 1; echo "shell: $?"
( p=$BASHPID; { sleep 0.3; kill -INT $p; } & sleep 1; echo in-sub ); echo "sub: $?"
"""


def test_sigint_while_waiting_for_a_child_as_bash():
    """``wait_for``'s ``wait_sigint_handler``: a shell (or subshell) sent SIGINT
    while it waits for a foreground child that does not die of it goes on."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), WAIT_SIGINT, "w.sh")
    expected = "shell: 0\nin-sub\nsub: 0\n"
    host = _host_bash(WAIT_SIGINT, expected)
    assert r.stdout == host.stdout == expected


def test_sigactions_leave_what_the_calls_one_by_one_leave():
    """``Kernel.sigactions`` (a forked bash's resets in one call: shell/signals.py)
    leaves the three masks as ``sigaction`` of each ``dfl`` signal to SIG_DFL, then
    of each ``catch`` one to a handler (``fatal``'s re-raising), from any start;
    SIGKILL, SIGSTOP and signal 0 refused with nothing changed."""
    import random
    rng = random.Random(39)
    k = Kernel(design="6.1", cgroup="v2")
    a, b = k.spawn("bash"), k.spawn("bash")
    sigs = (1, 2, 3, 10, 15, 17, 64)
    for _ in range(300):
        start = [sum(1 << s for s in sigs if rng.random() < 0.4) for _ in range(3)]
        for t in (a, b):
            t.sigignore, t.sigcaught, t.sigfatal = start
        dfl, catch, fatal = (sum(1 << s for s in sigs if rng.random() < 0.3)
                             for _ in range(3))
        for s in sigs:
            if dfl >> s & 1:
                k.sigaction(a, s, False)
        for s in sigs:
            if catch >> s & 1:
                k.sigaction(a, s, False, True, bool(fatal >> s & 1))
        k.sigactions(b, dfl, catch, fatal)
        assert (b.sigignore, b.sigcaught, b.sigfatal) == (a.sigignore, a.sigcaught, a.sigfatal)
    for bad in (1 << 9, 1 << 19, 1, 1 << 65):
        with pytest.raises(OSError):
            k.sigactions(b, 1 << 2, bad)
    assert (b.sigignore, b.sigcaught, b.sigfatal) == (a.sigignore, a.sigcaught, a.sigfatal)


def test_fatal_handler_acts_as_default_and_exec_resets_it():
    """A handler that re-raises (``fatal``, bash's own) ends the task (when it
    next runs: kernel/signal.py); a trap's handler leaves the signal pending;
    execve resets both."""
    k = Kernel(design="6.1", cgroup="v2")
    t = k.spawn("bash")
    k.sigaction(t, 2, False, True, True)
    k.sigaction(t, 10, False, True)
    k.kill(t.pid, 10)
    assert t.alive and t.sigpending == 1 << 10
    assert t.sigcaught == (1 << 2 | 1 << 10) and t.sigfatal == 1 << 2
    k.exec(t, "/bin/sleep", ["sleep"])
    assert t.sigcaught == t.sigfatal == 0
    k.sigaction(t, 2, False, True, True)
    k.kill(t.pid, 2)
    k.advance(0.01)
    assert not t.alive and t.exit_signal == 2
