"""The library: memcgsim.run() and its Result, docstrings on public names, the
command line's help, --version (issue 16, item 7)."""
import argparse
import doctest
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import memcgsim
from memcgsim import api, cli

SEED = Path(__file__).parent.parent.parent / "shared" / "seed" / "kmem_test.sh"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason="shared/ not beside the project")


@pytest.fixture(scope="module")
def seed_512():
    return memcgsim.run(SEED, kernel="5.12")


@needs_seed
def test_seed_under_512_leaves_500_dying(seed_512):
    r = seed_512
    assert (r.stdout, r.stderr, r.status) == ("memory\t1\t1\t1\nmemory\t1\t501\t1\n", "", 0)
    assert r.name == "kmem_test.sh" and r.kernel.design.name == "5.12"
    assert r.ended_at == r.kernel.now > 3
    s = r.summary()
    assert (s["num_cgroups"], s["dying_memcgs"], s["nr_dying_descendants"]) == (501, 500, 500)
    doc = r.explain(as_json=True)
    assert doc["at_end"] and doc["counts"]["dying_memcgs"] == 500
    assert len(doc["dying"]) == 500 and {d["path"] for d in doc["dying"]} == {"/kmem_test"}
    assert len({d["cgroup_id"] for d in doc["dying"]}) == 500
    assert r.explain().startswith("500 dying memory cgroups cost the host ")
    assert "\n496 × /kmem_test: 4 kernel-stack + 5 page-table + 5 pgd/pud pages" in r.explain()
    assert len(r.explain(full=True).splitlines()) > 1000
    root = r.tree(as_json=True)[0]
    assert (root["path"], root["nr_dying_descendants"]) == ("/", 500)
    assert r.tree().startswith("/  [online]")
    from prometheus_client.parser import text_string_to_metric_families
    fams = {f.name: f for f in text_string_to_metric_families(r.prometheus())}
    (sample,) = fams["memcgsim_dying_memcgs"].samples
    assert sample.value == 500 and float(sample.labels["t"]) == r.ended_at


@needs_seed
def test_seed_under_513_settles_to_2():
    r = memcgsim.run(SEED, kernel="5.13")
    assert r.stdout == "memory\t1\t1\t1\nmemory\t1\t2\t1\n" and r.status == 0
    assert r.summary()["dying_memcgs"] <= 1


@needs_seed
def test_same_as_memcgsim_run(seed_512):
    """The library and the command take one path: the same output and reports for
    the same options (the command runs in its own process)."""
    exe = os.path.join(os.path.dirname(sys.executable), "memcgsim")
    p = subprocess.run([exe, "run", str(SEED), "--kernel", "5.12", "--explain", "--tree"],
                       capture_output=True, text=True)
    assert p.stdout == (seed_512.stdout + f"== memcgsim at {seed_512.ended_at:g} s (the script's end)\n"
                        + seed_512.tree() + seed_512.explain())
    p = subprocess.run([exe, "run", str(SEED), "--kernel", "5.12", "--explain", "--json"],
                       capture_output=True, text=True)
    assert json.loads(p.stdout) == seed_512.explain(as_json=True)
    later = memcgsim.run(SEED, kernel="5.12")
    later.kernel.advance(1)
    assert not later.explain(as_json=True)["at_end"]


def test_text_name_args_and_status():
    r = memcgsim.run('echo "$0 $# $2"; echo oops >&2; exit 3', name="x.sh", args=["a", "b"])
    assert (r.stdout, r.stderr, r.status) == ("x.sh 2 b\n", "oops\n", 3)
    assert r.output == [("out", "x.sh 2 b\n"), ("err", "oops\n")]
    assert memcgsim.run("echo $0").stdout == "bash\n"
    r = memcgsim.run("systemd-run x; systemd-run y")       # every field of the shell's result
    assert (r.status, r.not_modelled) == (127, {"systemd-run": 2})


def test_options_reach_the_kernel():
    r = memcgsim.run("cat /sys/fs/cgroup/cgroup.subtree_control; nproc", kernel="5.10",
                     cgroup="v2", cpus=3, init="busybox")
    # (an empty cgroup.subtree_control reads as an empty file: cgroup_print_ss_mask)
    assert (r.stdout, r.kernel.nr_cpus, r.kernel.design.name) == ("3\n", 3, "5.10")
    r = memcgsim.run("cat /sys/fs/cgroup/cgroup.subtree_control", cgroup="v2")
    assert r.stdout == "memory pids\n"          # systemd's, the default init
    r = memcgsim.run("true", boot="cgroup.memory=nokmem", pace=2.0, seed=7)
    assert r.kernel.boot.nokmem and r.kernel.clock.pace == 2.0 and r.kernel.seed == 7


def test_at_calls_back_at_simulated_times():
    seen = []
    r = memcgsim.run("mkdir /sys/fs/cgroup/memory/a; sleep 2; rmdir /sys/fs/cgroup/memory/a",
                     at=[(1.0, lambda k, t: seen.append((t, k.now, k.memory_cgroup_count())))])
    assert seen == [(1.0, 1.0, 2)]
    assert "a" not in r.kernel.listdir("/sys/fs/cgroup/memory", r.kernel.init)


def test_the_kernel_stays_runnable():
    """What the script left running goes on: `sleep 5 &` ends when the clock
    passes 5 s, and the task is reaped."""
    r = memcgsim.run("sleep 5 & echo $!")
    pid = int(r.stdout)
    assert r.kernel.task(pid).alive
    r.kernel.advance(10)
    assert r.kernel.task(pid) is None or not r.kernel.task(pid).alive


@pytest.mark.parametrize("opts,message", [
    ({"kernel": "9.99"}, "unknown kernel design '9.99'"),
    ({"cgroup": "v3"}, "cgroup mode must be 'v1' or 'v2'"),
    ({"cpus": 0}, "nr_cpus must be at least 1"),
    ({"cpus": 8193}, r"at most 8192 \(NR_CPUS\)"),
    ({"init": "openrc"}, "init must be 'systemd' or 'busybox'"),
    ({"boot": "quiet"}, "unsupported boot option 'quiet'"),
    ({"pace": 0}, "pace must be positive"),
])
def test_bad_options_raise_value_error(opts, message):
    with pytest.raises(ValueError, match=message):
        memcgsim.run("true", **opts)


def test_missing_script_file():
    with pytest.raises(FileNotFoundError):
        memcgsim.run(Path("/nonexistent/x.sh"))


def test_import_does_not_load_the_shell():
    """``import memcgsim`` for the Kernel alone does not load the interpreter;
    memcgsim.run loads it on first use."""
    code = ("import sys, memcgsim; a = 'memcgsim.shell' in sys.modules; memcgsim.run; "
            "print(a, 'memcgsim.shell' in sys.modules)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": os.path.dirname(memcgsim.__path__[0])})
    assert p.stdout == "False True\n", p.stderr


@pytest.mark.parametrize("module", [memcgsim, api])
def test_doctests(module):
    res = doctest.testmod(module)
    assert res.attempted >= 2 and res.failed == 0


# ---------------------------------------------------------------- docstrings
def _documented(obj) -> bool:
    """A docstring of its own (not the signature a dataclass is given)."""
    doc = inspect.getdoc(obj)
    return bool(doc) and not (inspect.isclass(obj) and doc.startswith(obj.__name__ + "("))


def _public_callables(cls):
    for name, obj in inspect.getmembers(cls):
        if not name.startswith("_") and (callable(obj) or isinstance(obj, property)):
            yield name, obj


def test_every_public_kernel_method_has_a_docstring():
    missing = [n for n, obj in _public_callables(memcgsim.Kernel) if not inspect.getdoc(obj)]
    assert missing == []
    assert len(list(_public_callables(memcgsim.Kernel))) >= 43


@pytest.mark.parametrize("modname", ["memcgsim", "memcgsim.api", "memcgsim.designs",
                                     "memcgsim.sysapi", "memcgsim.analysis.explain",
                                     "memcgsim.analysis.patterns", "memcgsim.analysis.snapshot",
                                     "memcgsim.analysis.tree", "memcgsim.analysis.prometheus",
                                     "memcgsim.analysis.summary"])
def test_public_names_have_docstrings(modname):
    import importlib
    mod = importlib.import_module(modname)
    assert inspect.getdoc(mod)
    names = getattr(mod, "__all__", None) or [
        n for n, o in vars(mod).items()
        if not n.startswith("_") and (inspect.isfunction(o) or inspect.isclass(o))
        and getattr(o, "__module__", None) == modname]
    missing = []
    for n in names:
        obj = getattr(mod, n)
        if (inspect.isfunction(obj) or inspect.isclass(obj)) and not _documented(obj):
            missing.append(n)
        if inspect.isclass(obj) and obj.__module__ == modname:
            for m, o in vars(obj).items():
                if isinstance(o, (classmethod, staticmethod)):
                    o = o.__func__
                if (not m.startswith("_") and (inspect.isfunction(o) or isinstance(o, property))
                        and not inspect.getdoc(o)):
                    missing.append(f"{n}.{m}")
    assert missing == []


# ------------------------------------------------------------- command line
def _subparsers(p: argparse.ArgumentParser) -> dict:
    for a in p._actions:
        if isinstance(a, argparse._SubParsersAction):
            return a.choices
    raise AssertionError("no subcommands")


@pytest.mark.parametrize("cmd", ["run", "compare", "designs", "oracle", "conform"])
def test_every_option_has_help_with_its_default(cmd):
    sub = _subparsers(cli.parser())[cmd]
    undocumented, no_default = [], []
    for a in sub._actions:
        if isinstance(a, argparse._HelpAction) or a.help == argparse.SUPPRESS:
            continue
        name = a.option_strings[-1] if a.option_strings else a.dest
        if not a.help:
            undocumented.append(name)
        elif a.default not in (None, False, []) and "default" not in a.help:
            no_default.append(name)
    assert (undocumented, no_default) == ([], [])


def test_run_help_names_both_default_designs():
    from memcgsim.designs import NEWEST
    from memcgsim.workload.cli import DEFAULT_KERNEL
    text = " ".join(_subparsers(cli.parser())["run"].format_help().split())
    assert (NEWEST, DEFAULT_KERNEL) == ("6.1", "5.13")
    assert f"default {NEWEST}, the newest; churn's default is {DEFAULT_KERNEL}" in text


def test_version(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["--version"])
    assert e.value.code == 0
    assert capsys.readouterr().out == f"memcgsim {memcgsim.__version__}\n"
    assert memcgsim.__version__.count(".") == 2


# ------------------------------------------------------------------- README
@needs_seed
def test_readme_from_python_runs(monkeypatch, capsys):
    """README's "From Python" examples run as written (from the project's root) and
    give what their comments say."""
    root = Path(__file__).parent.parent
    text = (root / "README.md").read_text()
    section = text[text.index("From Python"):]
    blocks = section.split("```python\n")[1:3]
    run_block, kernel_block = (b[:b.index("```")] for b in blocks)
    monkeypatch.chdir(root)
    ns: dict = {}
    exec(run_block, ns)
    r = ns["r"]
    assert (r.stdout, r.status) == ("memory\t1\t1\t1\nmemory\t1\t501\t1\n", 0)
    assert r.summary()["dying_memcgs"] == 500 and r.kernel.now > 60
    out = capsys.readouterr().out
    assert "500 dying memory cgroups" in out and "kmem_test  [" in out
    exec(kernel_block, {})
    assert capsys.readouterr().out.startswith("#subsys_name\thierarchy\tnum_cgroups\tenabled\n")
