"""``killall`` (psmisc 23.6, shell/commands/psmisc.py) in the model, and its
messages against the host's killall on processes this test starts: a copy of
sleep under a name no other process has (never a killall of a common name on
the host)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile

import pytest

from memcgsim import Kernel
from memcgsim.shell import run_script

SCRIPT = """\
NAME 100 &
NAME 200 &
SETTLE
killall -v NAME; echo rc=$?
wait
killall NAME; echo rc=$?
killall -q NAME; echo rc=$?
killall -s FOO NAME; echo rc=$?
killall -9 -w nothing_t10 NAME; echo rc=$?
NAME 50 &
SETTLE
killall -w -KILL NAME; echo rc=$?
killall -l; killall; echo rc=$?
"""


def _model(text: str):
    r = run_script(Kernel(design="6.1", cgroup="v2"), text, "k.sh")
    return r.stdout, r.stderr, r.status


def _norm(stderr: str, name: str) -> str:
    s = stderr.replace(name, "NAME")
    s = re.sub(r"\((\d+)\)", "(N)", s)
    return re.sub(r"line (\d+): +\d+ ", r"line \1: N ", s)


def test_killall_in_the_model():
    out, err, st = _model(SCRIPT.replace("NAME", "sleep").replace("SETTLE", ":"))
    assert out.startswith("rc=0\nrc=1\nrc=1\nrc=1\nrc=1\nrc=0\nHUP INT")
    assert err.startswith("Killed sleep(5) with signal 15\nKilled sleep(6) with signal 15\n"
                          "sleep: no process found\nFOO: unknown signal; killall -l lists "
                          "signals.\nnothing_t10: no process found\nsleep: no process found\n"
                          "k.sh: line 12:    12 Killed                  sleep 50\n"
                          "Usage: killall [OPTION]... [--] NAME...\n")
    assert st == 0


def test_killall_w_waits_a_second():
    """-w scans right after its kills, when the sleepers have not yet run to
    their exits (kernel/signal.py), sleeps a second, scans again and sleeps once
    more: 2 s, as the host's killall 23.6 took for these two (2, 2 and 3 by
    $SECONDS in three runs)."""
    out, err, _ = _model("sleep 100 & x=$!; (exec -- sleep 300) & sleep 1\n"
                         "s=$SECONDS; killall -w sleep; echo $((SECONDS - s))\n"
                         "kill -0 $x 2>/dev/null || echo x gone; killall -e -v sleep\n"
                         "sleep 9 & killall -r -v '^sl.e'; killall -r '^s$'\n")
    assert out == "2\nx gone\n"
    assert err == ("sleep: no process found\nKilled sleep(10) with signal 15\n"
                   "^s$: no process found\n")


def test_killall_exact_long_names():
    """A script's comm of 15 characters: its name is its argument's basename,
    compared whole (as the host's killall: checked by hand on psmisc 23.6)."""
    text = ("printf '#!/bin/sh\\nsleep 30\\n' > abcdefghijklmnopq; chmod +x abcdefghijklmnopq\n"
            "./abcdefghijklmnopq & sleep 0.1\n"
            "killall -v abcdefghijklmnoXYZ; killall -v abcdefghijklmnopq; wait\n")
    out, err, _ = _model(text)
    pid = re.search(r"\((\d+)\)", err).group(1)
    assert err.splitlines()[:2] == ["abcdefghijklmnoXYZ: no process found",
                                    f"Killed abcdefghijklmnopq({pid}) with signal 15"]


@pytest.mark.skipif(not shutil.which("killall"), reason="no psmisc killall on the host")
def test_messages_as_the_hosts_killall():
    name = f"t10k{os.getpid()}"
    with tempfile.TemporaryDirectory() as d:
        shutil.copy(shutil.which("sleep"), os.path.join(d, name))
        # (a second for the host's children to exec under load)
        text = SCRIPT.replace("NAME", "./" + name, 3).replace("SETTLE", "sleep 1")
        text = text.replace("NAME 50", "./" + name + " 50").replace("NAME", name)
        host = subprocess.run(["bash", "-c", text], cwd=d, capture_output=True, text=True,
                              env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"}, timeout=60)
    out, err, st = _model(SCRIPT.replace("NAME", "sleep").replace("SETTLE", "sleep 0.3"))
    assert (out, st) == (host.stdout, host.returncode)
    host_err = _norm(host.stderr, name).replace("./NAME", "NAME").replace("bash: line", "k.sh: line")
    model_err = _norm(err, "sleep")
    assert model_err == host_err
