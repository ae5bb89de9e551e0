"""Runs are never lost: churn in a separate process while another process holds
the store locked, on SIGINT/SIGTERM, and after SIGKILL (issue 14, item 4).

Every process has a timeout; no assertion is about time.
"""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

import memcgsim
from memcgsim.workload.engine import Engine
from memcgsim.workload.presets import get_preset

SRC = os.path.dirname(os.path.dirname(memcgsim.__file__))
LONG = ["churn", "--preset", "lifecycle-bench", "--hours", "1", "--sample-interval", "60",
        "--kernel", "5.12", "--no-progress"]
SHORT = ["churn", "--preset", "seed-loop", "--hours", "0.2", "--kernel", "5.12",
         "--set", "jobs.0.max_instances=20", "--no-progress"]


def _env(**extra):
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""),
               COLUMNS="80", **extra)
    env.pop("MEMCGSIM_DB", None)
    return env


def memcgsim_proc(args, db, **extra):
    return subprocess.Popen([sys.executable, "-c", "from memcgsim.cli import console; console()",
                             *args, "--db", str(db)], env=_env(**extra), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def memcgsim_run(args, db, timeout=300, **extra):
    p = memcgsim_proc(args, db, **extra)
    out, err = p.communicate(timeout=timeout)
    return p.returncode, out, err


def runs_json(db):
    rc, out, err = memcgsim_run(["runs", "list", "--json"], db, timeout=300)
    assert rc == 0, err
    return json.loads(out)


def _wait_for_samples(db, proc, n, timeout=300):
    """Poll the store (read-only, as a notebook would) until the newest run has
    ``n`` samples; the run's id."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        if os.path.exists(db):
            c = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
            try:
                row = c.execute("SELECT r.id, count(s.t) FROM runs r LEFT JOIN samples s"
                                " ON s.run_id = r.id GROUP BY r.id ORDER BY r.id DESC").fetchone()
            except sqlite3.OperationalError:
                row = None
            finally:
                c.close()
            if row and row[1] >= n:
                return row[0]
        time.sleep(0.2)
    proc.kill()
    raise AssertionError(f"no run with {n} samples in {timeout} s")


class Holder:
    """Another process holding the store in a write transaction (as ``sqlite3``
    in another terminal or a second writer would) until it is told to let go or
    ``seconds`` have passed."""

    def __init__(self, db, seconds, exclusive=False):
        code = (
            "import sqlite3, sys, select\n"
            f"c = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
            f"c.execute('BEGIN {'EXCLUSIVE' if exclusive else 'IMMEDIATE'}')\n"
            "c.execute(\"INSERT INTO runs (name, workload, design, boot, cgroup, cpus, seed,"
            " hours, sample_interval, params, summary, created) VALUES ('held', 'w', '5.12',"
            " '', 'v2', 2, 0, 1, 60, '{}', '{}', 'now')\")\n"
            "print('locked', flush=True)\n"
            f"select.select([sys.stdin], [], [], {seconds})\n"
            "c.execute('COMMIT')\n"
            "print('released', flush=True)\n")
        self.p = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        assert self.p.stdout.readline().strip() == "locked"

    def release(self):
        self.p.stdin.close()
        out = self.p.stdout.read()
        self.p.wait(timeout=30)
        return out


@pytest.fixture
def db(tmp_path):
    p = tmp_path / "runs.sqlite"
    rc, _, err = memcgsim_run(SHORT, p)       # a store in WAL mode, with one run
    assert rc == 0, err
    return p


@pytest.mark.parametrize("exclusive,seconds", [
    pytest.param(False, 15, marks=pytest.mark.slow), (True, None)])
def test_churn_waits_for_a_locked_store(db, exclusive, seconds):
    """The acceptance case: another process holds the store in a write transaction
    for 15 s; a churn started meanwhile finishes, and its run is stored whole. The
    short version holds it until the churn says it waits (a loaded host may take
    longer than any fixed hold to start the churn)."""
    h = Holder(db, seconds or 300, exclusive=exclusive)
    p = memcgsim_proc(SHORT, db)
    err = ""
    if seconds is None:
        for line in p.stderr:
            err += line
            if "is locked by another connection" in line:
                break
    released = h.release()
    out, rest = p.communicate(timeout=300)
    rc, err = p.returncode, err + rest
    assert released.strip() == "released"     # the holder committed: not pushed aside
    assert rc == 0, err
    assert "Traceback" not in err
    assert "is locked by another connection; waiting up to 60 s" in err
    runs = runs_json(db)
    assert [r["name"] for r in runs] == ["seed-loop/5.12/s0", "held", "seed-loop/5.12/s0"]
    first, held, new = runs
    assert new["status"] == "finished" and new["samples"] == first["samples"] == 13
    assert new["summary"] == first["summary"]
    assert not os.path.exists(str(db) + ".pending")


def test_store_locked_too_long_goes_to_a_side_file_then_import(db):
    h = Holder(db, 120)
    rc, out, err = memcgsim_run(SHORT, db, MEMCGSIM_DB_WAIT="1")
    assert rc == 0, err
    assert "Traceback" not in err and "runs import" in err
    pending = os.listdir(str(db) + ".pending")
    assert len(pending) == 1
    h.release()
    assert [r["name"] for r in runs_json(db)] == ["seed-loop/5.12/s0", "held"]
    rc, out, err = memcgsim_run(["runs", "import"], db)
    assert rc == 0, err
    assert out.startswith("run 3 (seed-loop/5.12/s0, finished) imported from ")
    runs = runs_json(db)
    assert [r["status"] for r in runs] == ["finished", "finished", "finished"]
    assert runs[2]["samples"] == 13 and runs[2]["summary"] == runs[0]["summary"]
    assert not os.path.exists(str(db) + ".pending")


@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_stores_the_run_interrupted(tmp_path, sig, code):
    db = tmp_path / "runs.sqlite"
    p = memcgsim_proc(LONG, db)
    rid = _wait_for_samples(db, p, 3)
    p.send_signal(sig)
    out, err = p.communicate(timeout=300)
    assert p.returncode == code, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert "memcgsim: interrupted at simulated t=" in err
    assert "interrupted" in out                       # the summary table
    (run,) = runs_json(db)
    assert run["id"] == rid and run["status"] == "interrupted"
    assert run["samples"] >= 3 and run["summary"]["samples"] == run["samples"]
    # the samples so far are the run's own: the same as an uninterrupted run's
    c = sqlite3.connect(str(db))
    stored = c.execute("SELECT t, dying, live, started FROM samples WHERE run_id = ?"
                       " ORDER BY t", (rid,)).fetchall()
    c.close()
    grid = [s for s in stored if s[0] % 60 == 0]
    assert len(grid) >= 3 and stored[-1][0] < 3600
    e = Engine(get_preset("lifecycle-bench"), "5.12", hours=grid[-1][0] / 3600,
               sample_interval=60)
    full = [(s["t"], s["dying"], s["live"], s["started"]) for s in e.run()["series"]]
    assert grid == full


@pytest.mark.parametrize("signals", [1, 2])
def test_signal_gives_up_an_endless_event(tmp_path, signals):
    """An instance that makes 10^9 negative dentries is one event of hours: a
    SIGTERM gives it _Stop.GRACE seconds (a second signal none), then the run ends
    at its last sample, stored as interrupted (it waited for the event before)."""
    db = tmp_path / "runs.sqlite"
    p = memcgsim_proc(["churn", "--negative-dentries", "1000000000", "--hours", "0.01",
                       "--no-progress"], db)
    _wait_for_samples(db, p, 0)
    time.sleep(1)
    for _ in range(signals):
        p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 143, err
    assert "Traceback" not in err and "(the event in progress given up)" in err
    (run,) = runs_json(db)
    assert run["status"] == "interrupted" and run["samples"] == 1


def test_sigkill_leaves_the_run_abandoned(tmp_path):
    db = tmp_path / "runs.sqlite"
    p = memcgsim_proc([*LONG, "--hours", "8"], db)      # still running when listed
    rid = _wait_for_samples(db, p, 2)
    (run,) = runs_json(db)
    assert run["id"] == rid and run["status"] == "running" and run["pid"] == p.pid
    p.kill()
    p.communicate(timeout=300)
    (run,) = runs_json(db)
    assert run["status"] == "abandoned" and run["samples"] >= 2
    rc, out, err = memcgsim_run(["runs", "list"], db)
    assert rc == 0 and "abandoned" in out


GRID = """
workload = "lifecycle-bench"
hours = 0.1
designs = ["5.12", "5.13"]
seeds = [0, 1, 2, 3, 4, 5]
[workload_overrides]
sample_interval = 60
"""


@pytest.mark.slow
def test_sweep_interrupted_keeps_the_finished_points(tmp_path):
    """Ctrl-C in a terminal reaches the sweep and its workers (one process group):
    the points finished so far are stored, the workers end, no traceback."""
    g = tmp_path / "g.toml"
    g.write_text(GRID)
    db = tmp_path / "runs.sqlite"
    p = subprocess.Popen([sys.executable, "-c", "from memcgsim.cli import console; console()",
                          "sweep", str(g), "--workers", "2", "--no-progress", "--db", str(db)],
                         env=_env(), text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True)
    _wait_for_samples(db, p, 1, timeout=300)
    os.killpg(p.pid, signal.SIGINT)
    out, err = p.communicate(timeout=300)
    assert p.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    runs = runs_json(db)
    assert 1 <= len(runs) < 12
    assert f"interrupted: {len(runs)} of 12 runs finished and stored" in err
    assert {r["status"] for r in runs} == {"finished"}
    assert {r["samples"] for r in runs} == {7}       # t = 0, 60, ... 360 s
    deadline = time.monotonic() + 30           # the workers are gone too
    while time.monotonic() < deadline:
        try:
            os.killpg(p.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("sweep workers still running")


def test_model_error_stores_the_run_failed(tmp_path, monkeypatch, capsys):
    """An exception inside the model ends the churn (exit 1, one line on stderr)
    and the run is kept as failed, with its samples and the traceback."""
    from memcgsim.cli import main
    from memcgsim.workload import engine as eng_mod
    from memcgsim.workload.store import Store
    calls = []
    real = eng_mod.Engine._finish

    def broken(self, inst):
        calls.append(inst.name)
        if len(calls) == 8:
            raise RuntimeError("model bug")
        return real(self, inst)
    monkeypatch.setattr(eng_mod.Engine, "_finish", broken)
    db = tmp_path / "runs.sqlite"
    assert main([*SHORT, "--db", str(db), "--kernel", "5.13"]) == 1
    err = capsys.readouterr().err
    assert "memcgsim: internal error in the 5.12 s0 run at simulated t=" in err
    assert "RuntimeError: model bug (stored as failed, run 1)" in err
    assert "Traceback" not in err
    with Store(str(db)) as st:
        (r,) = st.list()                 # the 5.13 run was not started
        assert r["status"] == "failed" and r["samples"] >= 1
        full = st.get(1)
    assert "RuntimeError: model bug" in full["error"] and "Traceback" in full["error"]
    assert full["summary"]["jobs_finished"] == 7
