"""The model against real kernels: every recording in recordings/ (made by
``python -m memcgsim.oracle.record``) is compared value by value with the model's
design of the same name. Cases with a ``known`` entry for a kernel in cases.toml are
strict xfails: they fail once the model agrees, so that the entry can be removed.

A case's ``slow`` kernels (cases.toml ``slow = ["5.10"]``) are compared only with
``pytest -m slow``. Tests marked ``qemu`` boot real kernels (``pytest -m qemu``); they
skip without qemu."""
import os
import shutil

import pytest

from memcgsim.api import read_script
from memcgsim.oracle import OracleError
from memcgsim.oracle.cli import conform_runs
from memcgsim.oracle.conform import Rules
from memcgsim.oracle.record import load_suite, read_recording

CASES = load_suite()


def _params(cases=CASES):
    out = []
    for c in cases:
        for k in c.kernels:
            marks = []
            if k in c.known:
                marks.append(pytest.mark.xfail(reason=c.known[k], strict=True))
            if k in c.slow:
                marks.append(pytest.mark.slow)
            out.append(pytest.param(c, k, id=f"{c.name}-{k}-{c.cgroup}", marks=marks))
    return out


def _compare(case, rec):
    text = read_script(case.script)[0]
    return conform_runs(text, os.path.basename(case.script), rec.design,
                        rec.header.get("cgroup", case.cgroup), int(rec.header.get("cpus", 2)),
                        rec.header.get("boot", ""), rec.runs, Rules.parse(rec.conform),
                        mem=rec.header.get("mem", case.mem))


@pytest.mark.parametrize("case,kernel", _params())
def test_model_conforms_to_recording(case, kernel):
    path = case.recording(kernel)
    if not os.path.exists(path):
        pytest.skip(f"not recorded yet: python -m memcgsim.oracle.record {case.name} "
                    f"--kernel {kernel}")
    rec = read_recording(path)
    assert rec.design == kernel and rec.header.get("cgroup") == case.cgroup
    assert rec.header.get("boot", "") == case.boot
    assert rec.header.get("cpus") == str(case.cpus) and rec.header.get("kernel", "").startswith("linux-image-")
    assert len(rec.runs) == case.runs_on(kernel)
    assert rec.header.get("mem", "1G") == case.mem
    best, items = _compare(case, rec)
    bad = [i.describe() for i in items if not i.ok]
    assert not bad, (f"{len(bad)} disagreement(s) with the closest of {len(rec.runs)} run(s), "
                     f"{rec.runs[best].footer}:\n" + "\n".join(bad[:40]))


def test_every_case_is_recorded():
    missing = [os.path.basename(c.recording(k)) for c in CASES for k in c.kernels
               if not os.path.exists(c.recording(k))]
    if missing:
        pytest.skip("not recorded yet (python -m memcgsim.oracle.record --skip-existing): "
                    + ", ".join(missing))


def test_slow_marks_only_its_kernels(tmp_path):
    """``slow`` marks the named kernels' parametrizations and no other; a kernel the
    case is not recorded on is refused."""
    toml = tmp_path / "cases.toml"
    toml.write_text('[[case]]\nname = "a"\nscript = "s.sh"\nslow = ["5.10"]\n'
                    'known."5.10" = "why"\n[[case]]\nname = "b"\nscript = "s.sh"\n')
    params = _params(load_suite(str(tmp_path)))
    marks = {p.id: sorted(m.name for m in p.marks) for p in params}
    assert marks == {"a-5.10-v1": ["slow", "xfail"], "a-6.1-v1": [],
                     "b-5.10-v1": [], "b-6.1-v1": []}
    toml.write_text('[[case]]\nname = "a"\nscript = "s.sh"\nkernels = ["6.1"]\n'
                    'slow = ["5.10"]\n')
    with pytest.raises(OracleError, match="case a: slow"):
        load_suite(str(tmp_path))


needs_qemu = pytest.mark.skipif(shutil.which("qemu-system-x86_64") is None,
                                reason="qemu-system-x86_64 not installed")


@pytest.mark.qemu
@needs_qemu
@pytest.mark.parametrize("kernel", ["5.10", "6.1"])
def test_oracle_boots_and_reports(kernel):
    from memcgsim.oracle.fetch import fetch_kernel
    from memcgsim.oracle.qemu import run
    kt = fetch_kernel(kernel)
    r = run(kt, "uname -r; grep -w memory /proc/cgroups; pwd; echo oops >&2; exit 7",
            cgroup="v1", cpus=2, mem="1G", timeout=600)
    assert r.status == 7 and r.stderr == "oops\n"
    lines = r.stdout.splitlines()
    assert lines[0] == kt.uname and lines[1].startswith("memory\t1\t")
    assert lines[2] == "/mnt/disk/work"
    assert r.footer().startswith(f"[kernel-oracle] kernel={kt.label} accel=")


@pytest.mark.qemu
@needs_qemu
@pytest.mark.parametrize("name", ["probe-cgroupfs", "probe-cgroupfs-v2"])
@pytest.mark.parametrize("kernel", ["5.10", "6.1"])
def test_rerecording_reproduces(name, kernel, tmp_path):
    """Recording again gives the stored output (for the deterministic probes)."""
    from memcgsim.oracle.record import record_case
    case = next(c for c in CASES if c.name == name)
    stored = case.recording(kernel)
    if not os.path.exists(stored):
        pytest.skip("not recorded")
    os.makedirs(tmp_path / "recordings")
    new = read_recording(record_case(case, kernel, suite=str(tmp_path)))
    old = read_recording(stored)
    assert (new.stdout, new.stderr, new.status) == (old.stdout, old.stderr, old.status)
