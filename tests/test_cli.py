"""The command line: run, compare, errors (issue 3)."""
import json
import os
import re
import subprocess
import sys

import pytest

EXE = os.path.join(os.path.dirname(sys.executable), "memcgsim")
SEED = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "seed", "kmem_test.sh")
needs_seed = pytest.mark.skipif(not os.path.exists(SEED), reason="shared/ not beside the project")


def memcgsim(*args, stdin=None):
    return subprocess.run([EXE, *args], input=stdin, capture_output=True, text=True)


@needs_seed
@pytest.mark.parametrize("design,after", [("5.12", "501"), ("5.13", "2")])
def test_run_seed(design, after):
    r = memcgsim("run", SEED, "--kernel", design)
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout == f"memory\t1\t1\t1\nmemory\t1\t{after}\t1\n"


@needs_seed
def test_compare_json_summaries():
    r = memcgsim("compare", SEED, "--kernel", "5.12", "--kernel", "5.13", "--json")
    out = json.loads(r.stdout)
    (s12, s13) = (o["summary"] for o in out)
    assert (s12["num_cgroups"], s12["dying_memcgs"], s12["nr_dying_descendants"]) == (501, 500, 500)
    assert s13["num_cgroups"] <= 3 and s13["dying_memcgs"] <= 2


def test_run_stdin_status_and_streams():
    r = memcgsim("run", "-", stdin="echo out; echo err >&2; exit 3\n")
    assert (r.stdout, r.stderr, r.returncode) == ("out\n", "err\n", 3)


def test_unsupported_construct_names_its_line():
    r = memcgsim("run", "-", stdin="echo a\ncoproc cat\n")
    assert r.returncode == 2
    assert r.stderr.startswith("memcgsim: bash:2: unsupported:")
    assert "Traceback" not in r.stderr


def test_missing_script_and_bad_design():
    r = memcgsim("run", "/nonexistent.sh")
    assert r.returncode == 2 and "No such file or directory" in r.stderr
    assert "Traceback" not in r.stderr
    r = memcgsim("run", "-", "--kernel", "9.99")
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_run_into_a_closed_pipe_ends_quietly():
    """`memcgsim run ... | head`: no traceback, no message, the status of SIGPIPE."""
    p = subprocess.Popen([EXE, "run", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    p.stdin.write(b"for i in $(seq 100000); do echo line $i; done\n")
    p.stdin.close()
    assert p.stdout.read(7) == b"line 1\n"
    p.stdout.close()
    err = p.stderr.read()
    assert (p.wait(), err) == (141, b"")


def test_conform_against_a_recording_of_several_runs():
    """The 6.1 oom_events recording holds 16 runs: the model meets one of them."""
    conf = os.path.join(os.path.dirname(__file__), "conformance")
    r = memcgsim("conform", os.path.join(conf, "scripts", "selftest_memcg_oom_events.sh"),
                 "--recorded", os.path.join(conf, "recordings",
                                            "selftest_memcg_oom_events--6.1-v2.txt"), "--json")
    (out,) = json.loads(r.stdout)
    assert r.returncode == 0 and out["runs"] == 16 and 1 <= out["run"] <= 16
    assert out["summary"]["disagreements"] == 0 and out["disagreements"] == []
    r = memcgsim("conform", "x.sh", "--pair", "6.1=6.1", "--runs", "0")
    assert (r.returncode, r.stderr) == (2, "memcgsim conform: --runs 0: at least one run\n")


LOOP = "echo start\nwhile :; do sleep 1; done\n"


def _started_on_a_pty(script: str, stderr_pty: bool = False):
    """``memcgsim run -`` with its stdout (and stderr) on a pseudo-terminal: returns
    the process, the master end, and what it had written when 'start' showed."""
    import pty
    import select
    master, slave = pty.openpty()
    p = subprocess.Popen([EXE, "run", "-"], stdin=subprocess.PIPE, stdout=slave,
                         stderr=slave if stderr_pty else subprocess.PIPE)
    os.close(slave)
    p.stdin.write(script.encode())
    p.stdin.close()
    seen = b""
    while b"start" not in seen:
        r, _, _ = select.select([master], [], [], 60)
        assert r, f"no output before the end: {seen!r}"
        seen += os.read(master, 4096)
    return p, master, seen


@pytest.mark.parametrize("sig,status", [("SIGINT", 130), ("SIGTERM", 143)])
def test_output_streams_and_a_signal_ends_the_run_cleanly(sig, status):
    """The script's output is on the terminal while it runs (an endless loop of
    sleeps); SIGINT/SIGTERM end it: status 130/143, one line saying when, no traceback."""
    import signal
    p, master, seen = _started_on_a_pty(LOOP)
    assert seen.replace(b"\r", b"") == b"start\n"
    p.send_signal(getattr(signal, sig))
    assert p.wait(timeout=60) == status
    err = p.stderr.read().decode()
    os.close(master)
    assert re.fullmatch(r"memcgsim: interrupted at simulated t=\d+\.\d{3} s\n", err), err


def test_interrupt_through_a_pipe_keeps_what_was_printed():
    """The issue's acceptance: stdout a pipe, SIGINT after a while."""
    p = subprocess.Popen(["timeout", "--preserve-status", "-s", "INT", "3", EXE, "run", "-"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate(LOOP.encode(), timeout=120)
    assert (out, p.returncode) == (b"start\n", 130)
    assert b"Traceback" not in err and err.startswith(b"memcgsim: interrupted at simulated t=")


def test_status_line_on_a_terminal_only():
    import select
    import signal
    p, master, seen = _started_on_a_pty(LOOP, stderr_pty=True)
    while b"memory cgroups" not in seen:
        r, _, _ = select.select([master], [], [], 60)
        assert r, seen
        seen += os.read(master, 4096)
    assert re.search(rb"t=\d+\.\d{3} s +\d+ tasks +memory cgroups: \d+ live, 0 dying", seen)
    p.send_signal(signal.SIGINT)
    assert p.wait(timeout=60) == 130
    os.close(master)
    # piped: the script's output alone
    r = memcgsim("run", "-", stdin="echo a; sleep 100; echo b >&2\n")
    assert (r.stdout, r.stderr, r.returncode) == ("a\n", "b\n", 0)
