"""Ignored signals (SIG_IGN): ``trap '' SIG`` and ``nohup`` set them, children
inherit them, execve keeps them; SIGKILL cannot be ignored. Compared with bash."""
from __future__ import annotations

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


def test_ignored_signals_as_bash():
    r = run_script(Kernel(design="6.1", cgroup="v2"), SCRIPT, "s.sh")
    host = subprocess.run(["bash", "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert r.stdout == host.stdout == ("ignored: 0\nreset: 129\nterm kept over exec: 0\n"
                                       "kill: 137\nnohup: 0\n")


def test_sigaction_refuses_kill_and_stop():
    k = Kernel(design="6.1", cgroup="v2")
    t = k.spawn("sleep")
    for sig in (9, 19):
        with pytest.raises(OSError):
            k.sigaction(t, sig, True)
    k.sigaction(t, 15, True)
    k.kill(t.pid, 15)
    assert t.alive
    k.kill(t.pid, 9)
    assert not t.alive
