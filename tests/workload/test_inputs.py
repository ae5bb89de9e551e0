"""Churn and the store (issue 16, item 6): inputs refused before anything runs or
is stored, parameters stored as run, the command that re-makes a run, read
commands that never create a store, tables that fit 80 columns, help texts."""
import argparse
import json
import shlex
import sqlite3

import pytest

from memcgsim.cli import main
from memcgsim.workload import cli as wcli
from memcgsim.workload.spec import Workload
from memcgsim.workload.store import SCHEMA, Store, effective_status

SEED_LOOP = ["--preset", "seed-loop", "--kernel", "5.12", "--no-progress",
             "--set", "jobs.0.max_instances=5"]


@pytest.fixture
def db(tmp_path, monkeypatch):
    p = tmp_path / "runs.sqlite"
    monkeypatch.setenv("MEMCGSIM_DB", str(p))
    monkeypatch.setenv("COLUMNS", "80")
    return p


@pytest.mark.parametrize("argv,msg", [
    (["--hours", "-1"], "argument --hours: must be a number > 0, not '-1'"),
    (["--hours", "0"], "argument --hours: must be a number > 0"),
    (["--hours", "nan"], "argument --hours: must be a number > 0, not 'nan'"),
    (["--hours", "inf"], "argument --hours: must be a number > 0"),
    (["--sample-interval", "0"], "argument --sample-interval: must be a number > 0"),
    (["--cpus", "0"], "argument --cpus: must be a whole number >= 1 and <= 8192"),
    (["--cpus", "1.5"], "argument --cpus: must be a whole number"),
    (["--cpus", "9000"], "argument --cpus: must be a whole number >= 1 and <= 8192"),
    (["--seed", "-3"], "argument --seed: must be a whole number >= 0"),
    (["--rate", "-1"], "argument --rate: must be a number >= 0"),
    (["--tasks", "0"], "argument --tasks: must be a whole number >= 1"),
    (["--anon-pages", "-1"], "argument --anon-pages: must be a whole number >= 0"),
    (["--drop-caches-every", "-5"], "argument --drop-caches-every: must be a number >= 0"),
])
def test_churn_options_refused_before_anything_is_stored(db, capsys, argv, msg):
    with pytest.raises(SystemExit) as e:
        main(["churn", *argv, "--no-progress"])
    assert e.value.code == 2
    assert msg in capsys.readouterr().err
    assert not db.exists()


@pytest.mark.parametrize("item,msg", [
    ("jobs.0.tasks=0", "tasks must be a whole number >= 1, not 0"),
    ("jobs.0.anon_pages=2.5", "anon_pages must be a whole number >= 0, not 2.5"),
    ("jobs.*.rate_per_hour=-1", "rate_per_hour must be a finite number >= 0, not -1"),
    ("jobs.0.lifetime=exp:-5", "value must be a finite number >= 0, not -5.0"),
    ("jobs.0.lifetime=exp:0", "the exp distribution needs a value > 0"),
    ("jobs.0.lifetime=uniform:9:1", "uniform needs lo <= hi"),
    ("jobs.0.lifetime=weibull:3", "unknown distribution 'weibull:3'"),
    ("jobs.0.lifetime=uniform:1", "bad distribution 'uniform:1'"),
    ("jobs.0.arrival=burst", "arrival must be poisson or fixed, not 'burst'"),
    ("jobs.0.helper=yes", "helper must be true or false, not 'yes'"),
    ("hours=-2", "hours must be a finite number > 0, not -2"),
    ("jobs.7.tasks=3", "unknown parameter 'jobs.7.tasks'"),
    ("jobs.0.nope=3", "unknown parameter 'jobs.0.nope'"),
    ("cgroup=v3", "cgroup must be v1 or v2, not 'v3'"),
    ("tasks", "--set wants KEY=VALUE, not 'tasks'"),
    ("sample_interval=1e-300", "more than 1,000,000 samples: take a longer sample_interval"),
    ("hours=1e300", "1e+300 hours sampled every 300 s are more than 1,000,000 samples"),
])
def test_workload_values_refused_before_anything_is_stored(db, capsys, item, msg):
    assert main(["churn", "--preset", "k8s-node", "--no-progress", "--set", item]) == 2
    err = capsys.readouterr().err
    assert msg in err and "Traceback" not in err
    assert not db.exists()


def test_bad_boot_line_and_kernel_refused_before_anything_is_stored(db, capsys):
    assert main(["churn", "--kernel", "5.12,cgroup.memory=nokmen", "--no-progress"]) == 2
    assert "unknown cgroup.memory option 'nokmen'" in capsys.readouterr().err
    assert main(["churn", "--kernel", "4.19", "--no-progress"]) == 2
    assert not db.exists()


def test_stored_parameters_are_the_runs_and_the_command_remakes_it(db, capsys):
    assert main(["churn", *SEED_LOOP, "--hours", "6", "--sample-interval", "900",
                 "--set", "jobs.0.lifetime=exp:0.5", "--seed", "3", "--cpus", "4"]) == 0
    capsys.readouterr()
    assert main(["runs", "show", "1"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["hours"] == 6 and shown["params"]["hours"] == 6
    assert shown["sample_interval"] == 900 and shown["params"]["sample_interval"] == 900
    assert shown["summary"]["simulated_hours"] == 6 and shown["summary"]["samples"] == 25
    assert shown["status"] == "finished"
    cmd = shlex.split(shown["command"])
    assert cmd[:4] == ["memcgsim", "churn", "--preset", "seed-loop"]
    assert "--hours" in cmd and cmd[cmd.index("--hours") + 1] == "6"
    assert "jobs.0.lifetime=exp:0.5" in cmd and "jobs.0.max_instances=5" in cmd
    # the printed command makes the same run
    assert main(cmd[1:] + ["--no-progress"]) == 0
    capsys.readouterr()
    with Store(str(db)) as st:
        a, b = st.get(1), st.get(2)
    assert (b["params"], b["cpus"], b["seed"]) == (a["params"], a["cpus"], a["seed"])
    assert b["series"] == a["series"] and b["summary"] == a["summary"]


def test_command_of_a_custom_workload_remakes_it(db, tmp_path, capsys, monkeypatch):
    wl = tmp_path / "w.toml"
    wl.write_text('name = "mine"\ncgroup = "v1"\nparent = "jobs"\nhours = 0.5\n'
                  'sample_interval = 600\n[[jobs]]\nname = "a"\nrate_per_hour = 40\n'
                  'tasks = 2\nanon_pages = 8\nhelper = true\n[[jobs]]\nname = "b"\n'
                  'rate_per_hour = 20\ntasks = 1\nlifetime = "uniform:10:100"\n')
    assert main(["churn", "--workload", str(wl), "--kernel", "5.12", "--no-progress"]) == 0
    capsys.readouterr()
    main(["runs", "show", "1"])
    cmd = json.loads(capsys.readouterr().out)["command"]
    show, run = cmd.split(" && ")
    show_words, target = show.split(" > ")
    monkeypatch.chdir(tmp_path)
    assert main(shlex.split(show_words)[1:]) == 0
    (tmp_path / target).write_text(capsys.readouterr().out)
    assert main(shlex.split(run)[1:] + ["--no-progress"]) == 0
    capsys.readouterr()
    with Store(str(db)) as st:
        a, b = st.get(1), st.get(2)
    assert a["params"] == b["params"] and a["series"] == b["series"]
    assert a["summary"]["jobs_started"] > 10


@pytest.mark.parametrize("argv", [["runs", "list"], ["runs", "show", "1"],
                                  ["runs", "export", "1"], ["plot", "1", "-o", "x.png"]])
def test_read_commands_never_create_a_store(tmp_path, capsys, argv):
    missing = tmp_path / "typo.sqlite"
    assert main([*argv, "--db", str(missing)]) == 2
    assert f"no run store at {missing}" in capsys.readouterr().err
    assert not missing.exists()
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database\n" * 20)
    assert main([*argv, "--db", str(junk)]) == 2
    assert f"{junk} is not a memcgsim run store (not an SQLite database)" in \
        capsys.readouterr().err
    other = tmp_path / "other.sqlite"
    sqlite3.connect(str(other)).execute("CREATE TABLE t (x)").connection.close()
    assert main([*argv, "--db", str(other)]) == 2
    assert "not a memcgsim run store (no runs table)" in capsys.readouterr().err
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    assert main([*argv, "--db", str(empty)]) == 2
    assert "is empty, not a memcgsim run store" in capsys.readouterr().err


def test_churn_into_a_non_sqlite_file_refused_before_running(tmp_path, capsys):
    junk = tmp_path / "notes.txt"
    junk.write_text("hello\n")
    assert main(["churn", *SEED_LOOP, "--db", str(junk)]) == 2
    assert "is not a memcgsim run store (not an SQLite database)" in capsys.readouterr().err
    assert junk.read_text() == "hello\n"


def test_a_store_of_the_first_schema_is_read_and_extended(tmp_path, capsys):
    p = tmp_path / "old.sqlite"
    c = sqlite3.connect(str(p))
    c.executescript(SCHEMA)
    c.execute("INSERT INTO runs (name, workload, design, boot, cgroup, cpus, seed, hours,"
              " sample_interval, params, summary, created, wall_seconds) VALUES"
              " ('old/5.12/s0', 'old', '5.12', '', 'v1', 2, 0, 1, 60, '{}',"
              " '{\"dying_final\": 7, \"dying_max\": 9}', 'then', 1.5)")
    c.commit()
    c.close()
    assert main(["runs", "list", "--json", "--db", str(p)]) == 0
    (r,) = json.loads(capsys.readouterr().out)
    assert r["status"] == "finished" and r["summary"]["dying_max"] == 9
    assert main(["churn", *SEED_LOOP, "--hours", "0.1", "--db", str(p)]) == 0
    with Store(str(p)) as st:
        assert [x["status"] for x in st.list()] == ["finished", "finished"]


def test_effective_status(monkeypatch):
    import socket

    from memcgsim.workload import store
    me = store.writer_identity()
    run = dict(status="running", **me)
    assert effective_status(run) == "running"
    assert effective_status(dict(run, proc_start=me["proc_start"] + 1)) == "abandoned"
    assert effective_status(dict(run, boot_id="another-boot")) == "abandoned"
    assert effective_status(dict(run, pid=2**22 + 12345)) == "abandoned"   # above pid_max
    assert effective_status(dict(run, host=socket.gethostname() + "-elsewhere")) == "running"
    assert effective_status(dict(run, status="interrupted")) == "interrupted"


def test_side_file_completes_a_run_begun_in_the_store(tmp_path):
    """A run whose row and first samples were written before the store locked:
    the side file holds the whole run, and importing it completes that row."""
    from memcgsim.workload.recorder import Recorder, pending_files, read_side_file
    from memcgsim.workload.engine import Engine
    from memcgsim.workload.presets import get_preset
    from memcgsim.workload.store import run_meta
    p = str(tmp_path / "r.sqlite")
    eng = Engine(get_preset("seed-loop"), "5.12", hours=0.1)
    rec = Recorder(p, run_meta(eng.result(), "x"), wait=0.2)
    rec.start()
    assert rec.rid == 1                        # the running row is in the store
    holder = sqlite3.connect(p, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")          # then another writer holds it
    eng.on_sample = rec.sample
    res = eng.run()
    rec.finish("finished", res["summary"], 0.1)
    assert rec.side_file and pending_files(p) == [rec.side_file]
    holder.execute("ROLLBACK")
    holder.close()
    with Store(p) as st:
        assert [(r["status"], r["samples"]) for r in st.list()] == [("running", 0)]
        rid = st.import_run(read_side_file(rec.side_file))
        assert rid == 1 and len(st.list()) == 1
        r = st.get(1)
        assert r["status"] == "finished" and r["series"] == res["series"]
        assert r["summary"] == res["summary"]


def test_tables_fit_80_columns(db, capsys):
    assert main(["churn", *SEED_LOOP, "--hours", "0.2", "--kernel", "5.12,cgroup.memory=nokmem",
                 "--seed", "1",
                 "--seed", "12345"]) == 0
    out = capsys.readouterr().out
    main(["runs", "list"])
    listing = capsys.readouterr().out
    for text in (out, listing):
        lines = text.splitlines()
        assert max(len(x) for x in lines) <= 80 and "…" not in text
    assert "5.12+nokmem" in out and "interrupted" not in out
    for name in ("seed-loop/5.12/s1", "seed-loop/5.12/s12345", "seed-loop/5.12+nokmem/s12345"):
        assert name in listing
    # 5 dying x 14 pages (PGD/PUD: fork.py), and an exited task's PGD its idle CPU's
    # lazy TLB mm keeps (fork.py LazyMm, docs/fidelity.md item 215)
    assert "pins at the end: kmem page 72" in out


def _options(parser):
    for a in parser._actions:
        if isinstance(a, argparse._SubParsersAction):
            for name, sp in a.choices.items():
                yield from ((f"{name} {n}", x) for n, x in _options(sp))
        elif a.dest != "help":
            yield "", a


def test_every_option_has_help_and_states_its_default():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers()
    wcli.register(sub)
    seen = 0
    for where, a in _options(p):
        name = where + " " + (a.option_strings[0] if a.option_strings else a.dest)
        assert a.help, f"{name} has no help"
        if a.option_strings and not isinstance(a, (argparse._StoreTrueAction,
                                                   argparse._CountAction)):
            assert "default" in a.help or a.required, f"{name} states no default: {a.help}"
        seen += 1
    assert seen > 40
    churn = sub.choices["churn"]
    kernel = next(a for a in churn._actions if a.dest == "kernel")
    assert "default 5.13; 'run' defaults to 6.1" in kernel.help


def test_workload_round_trips_through_json():
    w = Workload.from_dict({"name": "x", "jobs": [{"name": "a", "lifetime": "lognormal:60:0.5"}]})
    assert Workload.from_dict(json.loads(json.dumps(w.to_dict()))) == w
    assert w.jobs[0].lifetime.text() == "lognormal:60.0:0.5"


from hypothesis import given, settings, strategies as hs  # noqa: E402

_ANY = hs.one_of(hs.none(), hs.booleans(), hs.integers(-10, 10**6),
                 hs.floats(allow_nan=True, allow_infinity=True), hs.text(max_size=8),
                 hs.lists(hs.integers(), max_size=2), hs.dictionaries(hs.text(max_size=3),
                                                                      hs.integers(), max_size=2))
_JOB_KEYS = ["rate_per_hour", "arrival", "max_instances", "lifetime", "tasks", "anon_pages",
             "cache_pages", "keep_files", "helper", "helper_lifetime", "exec_program",
             "memory_high_pages", "name"]
_WL_KEYS = ["hours", "sample_interval", "cgroup", "parent", "drop_caches_every",
            "reclaim_every", "reclaim_to_pages", "move_charge", "name"]


@settings(max_examples=300, deadline=None)
@given(job=hs.dictionaries(hs.sampled_from(_JOB_KEYS), _ANY, max_size=4),
       top=hs.dictionaries(hs.sampled_from(_WL_KEYS), _ANY, max_size=3))
def test_any_workload_values_give_a_workload_or_a_clear_error(job, top):
    """Whatever the values (a TOML file or --set can give any), a workload is
    either refused with ValueError (main prints it on one line) or valid: every
    number finite and in range, so the engine can run it."""
    import math
    try:
        w = Workload.from_dict({**top, "jobs": [job]})
    except ValueError:
        return
    assert w.hours > 0 and w.sample_interval > 0 and math.isfinite(w.hours)
    assert w.hours * 3600 / w.sample_interval <= 1_000_000
    for j in w.jobs:
        assert j.tasks >= 1 and isinstance(j.tasks, int) and not isinstance(j.tasks, bool)
        assert j.rate_per_hour >= 0 and math.isfinite(j.rate_per_hour)
        assert j.lifetime.kind in ("fixed", "exp", "uniform", "lognormal")
        assert all(math.isfinite(getattr(j.lifetime, n)) for n in ("value", "lo", "hi", "sigma"))
        assert isinstance(j.keep_files, bool) and isinstance(j.helper, bool)


@pytest.mark.parametrize("argv", [["sweep"], ["runs", "import"], ["churn", "--no-progress",
                                                                   "--workload"]])
def test_a_binary_input_file_is_named_in_one_line(tmp_path, capsys, argv):
    """A file that is not UTF-8 (a program given by mistake): its name and why, status
    2, no traceback (sweep and runs import printed the codec's message alone)."""
    f = tmp_path / "prog"
    f.write_bytes(b"\x7fELF\x02\x01\x01\x00\xd0\xff" * 8)
    assert main([*argv, str(f), "--db", str(tmp_path / "r.sqlite")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"memcgsim: {f}: ") and "codec can't decode" in err
    assert err.count("\n") == 1 and "Traceback" not in err
