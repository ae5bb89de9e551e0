"""Parsing the guest's control port, memory sizes, recordings; kernel fetch helpers."""
import pytest

from memcgsim.oracle import OracleError
from memcgsim.oracle.qemu import OracleRun, parse_control, parse_mem
from memcgsim.oracle.record import (Recording, Run, append_runs, load_suite, parse_recording,
                                   read_recording, write_recording)


def test_parse_control():
    c = parse_control("uname=5.10.0-46-amd64\r\nstart=5.19\nend=36.34\r\n"
                      "oracle: cannot mount the disk\nrc=0\n")
    assert c["uname"] == "5.10.0-46-amd64"
    assert float(c["end"]) - float(c["start"]) == pytest.approx(31.15)
    assert c["rc"] == "0" and c["notes"] == "oracle: cannot mount the disk"


@pytest.mark.parametrize("s,want", [("1G", "1024M"), ("768M", "768M"), ("512", "512M"),
                                    ("2GiB", "2048M")])
def test_parse_mem(s, want):
    assert parse_mem(s) == want


@pytest.mark.parametrize("s", ["lots", "64M"])
def test_parse_mem_bad(s):
    with pytest.raises(OracleError):
        parse_mem(s)


def test_footer_format():
    r = OracleRun("", "", 0, "linux-image-5.10.0-46-amd64 5.10.262-1", "5.10.0-46-amd64",
                  "tcg", "v1", 2, "1024M", "", 5.19, 31.15, 36.38)
    assert r.footer() == ("[kernel-oracle] kernel=linux-image-5.10.0-46-amd64 5.10.262-1 "
                          "accel=tcg cgroup=v1 rc=0 boot_s=5.19 run_s=31.15 total_s=36.38")


def test_recording_round_trip(tmp_path):
    rec = Recording("memory\t1\t1\t1\n# a comment line\n", "rmdir: busy", 3,
                    {"kernel": "linux-image-6.1.0-56-amd64 6.1.192-2", "design": "6.1",
                     "cgroup": "v1", "cpus": "2"}, ["tolerance 5% 4096"],
                    "[kernel-oracle] kernel=x accel=tcg cgroup=v1 rc=3")
    p = tmp_path / "r.txt"
    write_recording(str(p), rec)
    back = parse_recording(p.read_text())
    assert back.stdout == rec.stdout and back.stderr == rec.stderr
    assert back.status == 3 and back.design == "6.1" and back.conform == rec.conform
    assert back.header["kernel"] == rec.header["kernel"] and back.footer == rec.footer


def test_recording_of_several_runs(tmp_path):
    more = [Run("not ok # oom=5\n", "", 1, "[kernel-oracle] rc=1 run_s=3.50"),
            Run("", "no newline", 0, "[kernel-oracle] rc=0 run_s=2.25")]
    rec = Recording("ok\n", "", 0, {"design": "5.10", "runs": "3"}, ["tolerance 5%"],
                    "[kernel-oracle] rc=0 run_s=3.00", more)
    p = tmp_path / "r.txt"
    write_recording(str(p), rec)
    back = parse_recording(p.read_text())
    assert [(r.stdout, r.stderr, r.status) for r in back.runs] == [
        ("ok\n", "", 0), ("not ok # oom=5\n", "", 1), ("", "no newline", 0)]
    assert [r.run_s for r in back.runs] == [3.0, 3.5, 2.25]
    assert back.header == {"design": "5.10", "runs": "3"} and back.conform == ["tolerance 5%"]


def test_append_runs(tmp_path):
    """Runs recorded apart join the case's recording, after its own, and are counted."""
    base, extra = tmp_path / "case.txt", tmp_path / "extra.txt"
    write_recording(str(base), Recording("a\n", "", 0, {"design": "6.1"}, ["near ^a 1 10%"],
                                         "[kernel-oracle] rc=0"))
    write_recording(str(extra), Recording("b\n", "e", 1, {"design": "6.1", "command": "x"}, [],
                                          "[kernel-oracle] rc=1",
                                          [Run("c\n", "", 0, "[kernel-oracle] rc=0")]))
    append_runs(str(base), [str(extra)])
    back = read_recording(str(base))
    assert [(r.stdout, r.stderr, r.status) for r in back.runs] == [
        ("a\n", "", 0), ("b\n", "e", 1), ("c\n", "", 0)]
    assert back.header["runs"] == "3" and back.conform == ["near ^a 1 10%"]
    assert back.header["run-2-3"] == "x"


def test_recording_errors():
    with pytest.raises(ValueError):
        parse_recording("hello\n")


def test_suite_loads():
    cases = load_suite()
    names = {c.name for c in cases}
    assert "seed-kmem_test" in names and "probe-cgroupfs-v2" in names
    for c in cases:
        assert c.cgroup in ("v1", "v2") and c.kernels


def test_runs_by_kernel(tmp_path):
    """A kernel's ``runs_by_kernel`` overrides the case's ``runs`` for that kernel only."""
    (tmp_path / "cases.toml").write_text(
        '[[case]]\nname = "a"\nscript = "a.sh"\nruns = 2\nruns_by_kernel."5.10" = 3\n'
        '[[case]]\nname = "b"\nscript = "b.sh"\n')
    a, b = load_suite(str(tmp_path))
    assert (a.runs_on("5.10"), a.runs_on("6.1"), b.runs_on("5.10")) == (3, 2, 1)
