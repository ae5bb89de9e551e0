"""setsid (a session of its own), usleep, uptime and nice/renice on the model's
tasks: what the kernel keeps (``Task.sid``, ``Task.pgid``, ``Task.nice``) and the
simulated clock."""
from __future__ import annotations

from memcgsim import Kernel
from memcgsim.shell import run_script
from memcgsim.shell.commands.sysutils import _uptime_pretty


def _run(text: str):
    k = Kernel(design="6.1", cgroup="v2")
    return k, run_script(k, text, "t.sh")


def test_setsid_execs_in_place_in_a_new_session():
    k, r = _run("setsid sleep 100 & echo $! $$\n")
    pid, shell = map(int, r.stdout.split())
    sleeper = [t for t in k.tasks.values() if t.comm == "sleep" and t.alive]
    assert [t.pid for t in sleeper] == [pid]      # no fork: $!'s process is the sleep
    t = sleeper[0]
    assert t.sid == t.pgid == t.pid != shell


def test_setsid_errors_and_wait():
    _, r = _run("setsid; echo $?; setsid nosuch; echo $?; setsid -w sh -c 'exit 3'; echo $?\n"
                "setsid -f sleep 1; echo $?\n")
    assert r.stdout == "1\n127\n3\n1\n"
    assert "setsid: no command specified" in r.stderr
    assert "setsid: failed to execute nosuch: No such file or directory" in r.stderr


def test_usleep_lets_simulated_time_pass():
    _, r = _run("s=$(cut -d' ' -f1 /proc/uptime); usleep 2500000; cut -d' ' -f1 /proc/uptime\n"
                "echo $s; usleep x; echo $?; usleep 99999999999; echo $?\n")
    after, before, *rest = r.stdout.split("\n")
    assert 2.5 <= float(after) - float(before) < 2.52     # (and cut's own fork and exec)
    assert rest[:2] == ["1", "1"] and "usleep: invalid number 'x'" in r.stderr


def test_uptime_from_the_clock():
    _, r = _run("sleep 3700; uptime; uptime -p; uptime -s\n")
    assert r.stdout.splitlines() == [
        " 01:01:40 up  1:01,  0 user,  load average: 0.00, 0.00, 0.00",
        "up 1 hour, 1 minute", "2021-03-01 00:00:00"]


def test_uptime_pretty_units():
    assert _uptime_pretty(0.5) == "up 0 minutes"
    assert _uptime_pretty(60.0) == "up "            # exactly a minute: procps prints no unit
    assert _uptime_pretty(61.0) == "up 1 minute"
    assert _uptime_pretty(8 * 86400 + 7200 + 180) == "up 1 week, 1 day, 2 hours, 3 minutes"
    assert _uptime_pretty(11 * 365 * 86400 + 90) == "up 1 decade, 1 year, 1 minute"


def test_nice_is_inherited_and_renice_changes_a_task():
    k, r = _run("nice -n 5 sh -c 'nice; sleep 100 & renice -n 7 $! >/dev/null; nice'\n")
    assert r.stdout == "5\n5\n"
    assert [t.nice for t in k.tasks.values() if t.comm == "sleep" and t.alive] == [7]
