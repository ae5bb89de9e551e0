"""The command line: run, compare, errors (issue 3)."""
import json
import os
import re
import subprocess
import sys

import pytest

from memcgsim.analysis.patterns import fmt_bytes

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
    # the 500 dying memcgs' cost (--explain's figure) and their per-CPU statistics
    assert s12["dying_host_bytes"] > 500 * 16384 and s13["dying_host_bytes"] == 0
    assert s12["meminfo_kb"]["Percpu"] - s13["meminfo_kb"]["Percpu"] > 500 * 2
    text = memcgsim("compare", SEED, "--kernel", "5.12", "--kernel", "5.13").stdout
    row = next(line for line in text.splitlines() if "their cost to the host" in line)
    assert [c.strip() for c in row.split("│")[2:4]] == [fmt_bytes(s12["dying_host_bytes"]), "0 B"]


def test_run_stdin_status_and_streams():
    r = memcgsim("run", "-", stdin="echo out; echo err >&2; exit 3\n")
    assert (r.stdout, r.stderr, r.returncode) == ("out\n", "err\n", 3)


def test_unsupported_construct_names_its_line():
    r = memcgsim("run", "-", stdin="echo a\nshopt -s extdebug\n")
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


# -- streaming and signals (issue 16 item 1) ---------------------------------------

LOOP = "echo start\nwhile :; do sleep 1; done\n"


@pytest.fixture(autouse=True)
def _no_endless_run_left():
    """A failed test does not leave its endless `memcgsim run` running."""
    yield
    while _STARTED:
        p = _STARTED.pop()
        if p.poll() is None:
            p.kill()
            p.wait()


_STARTED: list = []


def _started_on_a_pty(script: str, stderr_pty: bool = False):
    """``memcgsim run -`` with its stdout (and stderr) on a pseudo-terminal: returns
    the process, the master end, and what it had written when the line 'start' showed
    (its newline too: n_tty's onlcr writes '\\r\\n' after the text of one write(), and
    a read may come between them)."""
    import pty
    import select
    master, slave = pty.openpty()
    p = subprocess.Popen([EXE, "run", "-"], stdin=subprocess.PIPE, stdout=slave,
                         stderr=slave if stderr_pty else subprocess.PIPE)
    _STARTED.append(p)
    os.close(slave)
    p.stdin.write(script.encode())
    p.stdin.close()
    seen = b""
    while b"start\r\n" not in seen:
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
    import select
    import signal
    p = subprocess.Popen([EXE, "run", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    _STARTED.append(p)
    p.stdin.write(LOOP.encode())
    p.stdin.close()
    # the run is under way (however loaded the machine) when its first line is out
    assert select.select([p.stdout], [], [], 120)[0], "no output in 120 s"
    first = p.stdout.readline()
    p.send_signal(signal.SIGINT)
    assert p.wait(timeout=120) == 130
    out, err = first + p.stdout.read(), p.stderr.read()
    assert out == b"start\n"
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


# -- reports: --explain, --json, --prometheus, --at (issue 16) ---------------------

SCHEMA = os.path.join(os.path.dirname(__file__), "..", "docs", "explain.schema.json")


def validate(doc):
    jsonschema = pytest.importorskip("jsonschema")
    with open(SCHEMA) as f:
        jsonschema.validate(doc, json.load(f))


@needs_seed
def test_explain_seed_fits_in_40_lines_and_names_the_common_pin():
    r = memcgsim("run", SEED, "--kernel", "5.12", "--explain")
    lines = r.stdout.splitlines()
    assert r.returncode == 0 and len(lines) <= 40
    # all 500 but the few sleeps that exec'ed after the shell moved them back (the
    # fork race, kernel/sched.py), whose page tables went to the root
    common = [ln for ln in lines if ln.endswith(
        " × /kmem_test: 4 kernel-stack + 5 page-table + 5 pgd/pud pages of one `sleep 3600` each")]
    assert len(common) == 1 and int(common[0].split(" ")[0]) >= 490
    # the README shows this output as it is
    with open(os.path.join(os.path.dirname(__file__), "..", "README.md")) as f:
        readme = f.read()
    shown = readme.split("The\nseed script under 5.12 gives:\n\n```\n")[1].split("```")[0]
    assert shown.splitlines() == lines[3:]


@needs_seed
def test_explain_json_at_several_times_is_one_document():
    r = memcgsim("run", SEED, "--kernel", "5.12", "--explain", "--json", "--at", "2",
                 "--at", "1")
    doc = json.loads(r.stdout)      # one document: no "Extra data"
    validate(doc)
    assert [s["t"] for s in doc] == [1.0, 2.0]
    assert r.stderr == "memory\t1\t1\t1\nmemory\t1\t501\t1\n"   # the script's output
    for snap in doc:
        ids = [d["cgroup_id"] for d in snap["dying"]]
        assert len(set(ids)) == len(ids) == snap["counts"]["dying_memcgs"] > 0
        assert all(d["memcg_id"] is None and d["memcg_id_released"] for d in snap["dying"])
        holder = snap["dying"][0]["holders"][0]
        assert (holder["kind"], holder["comm"], holder["pages"]) == ("kernel-stack", "sleep", 4)
    assert doc[0]["counts"]["dying_memcgs"] < doc[1]["counts"]["dying_memcgs"]


def test_run_json_alone_is_the_result_and_tree_json_validates():
    r = memcgsim("run", "-", "--json", stdin="echo out; echo err >&2; exit 3\n")
    doc = json.loads(r.stdout)
    validate(doc)
    assert (doc["status"], doc["stdout"], doc["stderr"], r.returncode) == (3, "out\n", "err\n", 3)
    assert doc["counts"]["num_cgroups"] == 1 and r.stderr == "out\nerr\n"
    r = memcgsim("run", "-", "--tree", "--json", stdin="mkdir /sys/fs/cgroup/memory/a\n")
    doc = json.loads(r.stdout)
    validate(doc)
    assert [row["path"] for row in doc["tree"]] == ["/", "/a"] and doc["at_end"]


@pytest.mark.parametrize("bad", ["-5", "nan", "inf", "1e999", "x"])
def test_at_refuses_bad_times(bad):
    r = memcgsim("run", "-", "--explain", "--at", bad, stdin="true\n")
    assert r.returncode == 2 and r.stdout == "" and "Traceback" not in r.stderr
    assert f"argument --at: '{bad}': " in r.stderr.splitlines()[-1]


def test_at_past_the_end_advances_the_clock():
    script = "mkdir /sys/fs/cgroup/memory/a\nsleep 60 &\necho $! > /sys/fs/cgroup/memory/a/cgroup.procs\n" \
             "rmdir /sys/fs/cgroup/memory/a 2>/dev/null; echo end\n"
    r = memcgsim("run", "-", "--kernel", "5.12", "--explain", "--json", "--at", "100",
                 "--at", "0.5", stdin=script)
    doc = json.loads(r.stdout)
    validate(doc)
    assert [s["t"] for s in doc] == [0.5, 100.0]
    r = memcgsim("run", "-", "--explain", "--at", "100", stdin="echo end\n")
    assert r.stdout.splitlines()[:2] == ["end", "== memcgsim at 100 s"]


@needs_seed
def test_prometheus_with_several_times_parses_as_one_exposition():
    from prometheus_client.parser import text_string_to_metric_families
    r = memcgsim("run", SEED, "--kernel", "5.12", "--prometheus", "--at", "1", "--at", "2",
                 "--at", "1")
    assert r.returncode == 0 and "memory\t1\t501\t1" in r.stderr
    fams = list(text_string_to_metric_families(r.stdout))
    names = [f.name for f in fams]
    assert len(names) == len(set(names)) and all(n.startswith("memcgsim_") for n in names)
    dying = {s.labels["t"]: s.value for f in fams if f.name == "memcgsim_dying_memcgs"
             for s in f.samples}
    assert set(dying) == {"1", "2"} and 0 < dying["1"] < dying["2"] <= 500


# -- compare and designs fit the terminal (issue 16) -----------------------------------

def widest(text):
    return max(len(line) for line in text.splitlines())


LONG = "word " * 40


def test_compare_shows_stderr_folds_and_exits_1_when_outputs_differ():
    script = f"echo {LONG}end\necho oops >&2\ngrep memory /proc/cgroups | cut -f3\n"
    r = subprocess.run([EXE, "compare", "-", "--kernel", "5.10", "--kernel", "6.1"],
                       input=script, capture_output=True, text=True,
                       env={**os.environ, "COLUMNS": "80"})
    assert r.returncode == 0 and widest(r.stdout) <= 80 and "…" not in r.stdout
    assert "2> oops" in r.stdout and r.stdout.count(" end ") == 2   # folded, not cut
    assert r.stdout.rstrip().endswith("the outputs are the same")
    assert "│ Slab (meminfo) " in r.stdout and "*:" not in r.stdout   # 5.10's, 6.1's own
    # sleepers' kernel stacks pin the removed cgroups under 5.12, not under 5.13 (where
    # a per-CPU stock may keep the last one a while)
    script = "cd /sys/fs/cgroup/memory; echo 1 > memory.move_charge_at_immigrate\n" \
             "for i in 1 2 3; do mkdir a; echo $$ > a/cgroup.procs\n" \
             "sleep 100 & echo $$ > cgroup.procs; echo $! > cgroup.procs; rmdir a; done\n" \
             "sleep 1; grep memory /proc/cgroups | cut -f3\n"
    r = memcgsim("compare", "-", "--kernel", "5.12", "--kernel", "5.13", stdin=script)
    assert r.returncode == 1, r.stdout + r.stderr
    (row,) = [line.split() for line in r.stdout.splitlines() if line.startswith("│ ≠")]
    assert row[:4] == ["│", "≠", "│", "4"] and int(row[5]) < 4
    # 5.12 and 5.13 both build on 5.10's structures (kernel/sizes), lru-reparent on
    # 6.1's: the host's Slab and Percpu say when they differ by that too
    assert "│ Slab (meminfo) " in r.stdout and "*:" not in r.stdout
    r = memcgsim("compare", "-", "--kernel", "5.12", "--kernel", "lru-reparent", stdin="true\n")
    assert "│ Slab (meminfo)* " in r.stdout and "│ Percpu (meminfo)* " in r.stdout
    assert "*: also each design's own structure sizes and boot state (5.12: 5.10's, " \
           "lru-reparent: 6.1's)" in r.stdout
    r = memcgsim("compare", "-", "--kernel", "5.12", "--kernel", "5.13", "--json",
                 stdin="echo out; echo err >&2; exit 4\n")
    out = json.loads(r.stdout)
    assert [(o["stdout"], o["stderr"], o["status"]) for o in out] == [("out\n", "err\n", 4)] * 2
    assert r.returncode == 0


@pytest.mark.parametrize("columns", [80, 120])
def test_designs_fit_the_width_and_name_every_switch_whole(columns):
    from memcgsim.designs import DESIGNS
    env = {**os.environ, "COLUMNS": str(columns)}
    out = subprocess.run([EXE, "designs"], capture_output=True, text=True, env=env).stdout
    assert widest(out) <= columns and "…" not in out
    first = next(iter(DESIGNS["6.1"].switches()))
    table = out[:out.index(f"\n{first}: ")]     # the sources follow the table
    # every switch's name whole in the first column, wrapped after "_" at most
    rows = table.splitlines()
    rows = rows[next(i for i, line in enumerate(rows) if line.startswith("─")) + 1:]
    names = [line.split()[0] for line in rows if line[:1].strip()]
    joined, cur = [], ""
    for part in names:
        cur += part
        if not part.endswith("_"):
            joined.append(cur)
            cur = ""
    assert joined == list(DESIGNS["6.1"].switches())
    long = subprocess.run([EXE, "designs", "--long"], capture_output=True, text=True,
                          env=env).stdout
    assert widest(long) <= columns
    flat = " ".join(long.split())       # a sequence's items wrap over lines
    for sw, v in DESIGNS["5.12"].switches().items():
        shown = " ".join(v) if isinstance(v, tuple) and all(isinstance(x, str) for x in v) else v
        assert f"{sw}: " in long and f"5.12={shown}" in flat


def test_script_arguments_after_double_dash(tmp_path, capsys):
    """``memcgsim run SCRIPT [OPTION]... -- ARG...``: the script's $1, $2..."""
    from memcgsim.cli import main
    p = tmp_path / "a.sh"
    p.write_text('echo "$# [$1] [$2]"\n')
    assert main(["run", str(p), "--kernel", "5.10", "--", "x y", "--z"]) == 0
    assert capsys.readouterr().out == "2 [x y] [--z]\n"


ORPHANS = [
    # a subshell and a pipeline left running write after the script's end
    "echo start\n(sleep 0.5; echo late) &\necho end\n",
    "echo start\n{ sleep 0.5; echo a; sleep 0.5; echo b; } | cat &\necho end\n",
    # the script's shell killed while it waits for a pipeline: the stages live on
    # (reparented to init) and end their work; bash prints nothing more
    "echo start\n(sleep 0.5; kill $$) &\n{ sleep 1; echo left; } | { cat; echo right; }\n"
    "echo never\n",
    # and while it waits for a subshell
    "echo start\n(sleep 0.5; kill $$) &\n(sleep 1; echo sub)\necho never\n",
]


@pytest.mark.parametrize("script", ORPHANS)
def test_what_the_script_left_running_prints_after_its_end_as_bash(tmp_path, script):
    """The output of the processes a script leaves running is a terminal's, as the
    host's bash 5.2 gives it: the reader of its standard output (here the test's
    pipe) sees it all, whatever the script's own exit. No cgroup is written."""
    p = tmp_path / "t.sh"
    p.write_text(script)
    host = subprocess.run(["bash", str(p)], capture_output=True, text=True, timeout=60)
    r = memcgsim("run", str(p), "--kernel", "6.1")
    # subprocess gives a death by signal N as -N, a shell's $? as 128+N
    status = 128 - host.returncode if host.returncode < 0 else host.returncode
    assert (r.stdout, r.returncode) == (host.stdout, status)
    assert r.stderr == ""


def test_a_shell_the_oom_killer_killed_gets_the_kernels_line():
    """A script that limits its own cgroup below what it uses (memory_max_write's
    OOM kill: the shell is the only task) dies with status 137; memcgsim says why
    with the kernel log's line, which ``bash SCRIPT`` would leave in dmesg."""
    r = memcgsim("run", "-", "--kernel", "6.1", "--cgroup", "v2", stdin=(
        "mkdir /sys/fs/cgroup/a; echo $$ > /sys/fs/cgroup/a/cgroup.procs\n"
        "echo 1 > /sys/fs/cgroup/a/memory.max\necho never\n"))
    assert (r.stdout, r.returncode) == ("", 137)
    assert re.fullmatch(r"memcgsim: bash: the script's shell was killed by the OOM killer: "
                        r"\[ *[0-9.]+\] Memory cgroup out of memory: Killed process (\d+) "
                        r"\(bash\) total-vm:\d+kB, anon-rss:\d+kB, .*\n", r.stderr)


def test_orphans_run_on_for_a_bounded_time_and_reports_stay_at_the_end():
    """``--orphans SECONDS`` bounds the run-on (0: none); the reports are the
    script's end's."""
    r = memcgsim("run", "-", "--kernel", "6.1", "--orphans", "0", stdin=ORPHANS[0])
    assert (r.stdout, r.stderr) == ("start\nend\n", "")
    r = memcgsim("run", "-", "--kernel", "6.1", "--orphans", "1", stdin=ORPHANS[1])
    assert (r.stdout, r.stderr) == ("start\nend\na\n", "")
    script = "mkdir /sys/fs/cgroup/a\n(echo $BASHPID > /sys/fs/cgroup/a/cgroup.procs; " \
             "sleep 5; echo done) &\nsleep 0.1\n"
    r = memcgsim("run", "-", "--kernel", "6.1", "--cgroup", "v2", "--explain", "--json",
                 stdin=script)
    assert json.loads(r.stdout)["t"] < 1 and json.loads(r.stdout)["at_end"]
    assert r.stderr == "done\n"     # machine output keeps stdout: the script's goes to stderr


@pytest.mark.parametrize("parsed_before", [False, True])
def test_an_internal_error_is_one_line(monkeypatch, capsys, tmp_path, parsed_before):
    """A defect of memcgsim's own ends the command with one line and status 70
    (EX_SOFTWARE), never a traceback, whether its command line was parsed by argparse
    or read back from the parse cache."""
    import memcgsim.cli as cli

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if parsed_before:
        assert cli.main(["designs", "--json"]) == 0
    capsys.readouterr()

    def broken(args):
        raise TypeError("'int' object is not callable")
    monkeypatch.setattr(cli, "cmd_designs", broken)
    assert cli.main(["designs", "--json"]) == 70
    err = capsys.readouterr().err
    assert err == "memcgsim: internal error: TypeError: 'int' object is not callable\n"


def test_compare_shows_what_the_script_left_running_print():
    """``compare`` runs on as ``run`` does (``--orphans``): the later output is each
    design's, the summary the script's end's."""
    script = ("mkdir /sys/fs/cgroup/memory/a\n(echo $BASHPID > /sys/fs/cgroup/memory/a/cgroup.procs;"
              " sleep 1; echo late) &\nsleep 0.1; echo end\n")
    r = memcgsim("compare", "-", "--kernel", "5.10", "--kernel", "6.1", "--json", stdin=script)
    out = json.loads(r.stdout)
    assert [(d["stdout"], d["summary"]["num_cgroups"]) for d in out] == [("end\nlate\n", 2)] * 2
    r = memcgsim("compare", "-", "--kernel", "5.10", "--kernel", "6.1", "--json",
                 "--orphans", "0.5", stdin=script)
    assert [d["stdout"] for d in json.loads(r.stdout)] == ["end\n"] * 2


def test_what_the_script_left_running_prints_at_most_1_mib():
    """``yes &`` writes gigabytes a simulated second: the run-on stops at 1 MiB."""
    r = memcgsim("run", "-", "--kernel", "6.1", stdin="yes &\necho started\n")
    assert r.returncode == 0 and r.stdout.startswith("started\ny\ny\n")
    assert set(r.stdout[8:]) == {"y", "\n"} and len(r.stdout) < 2 << 20
    assert r.stderr == ("memcgsim: what the script left running wrote 1 MiB after its end: "
                        "stopped there (--orphans)\n")
