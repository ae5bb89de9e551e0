"""``slabtop`` against the host's procps-ng 4.0.2 slabtop reading the model's
/proc/slabinfo (bind-mounted over the host's in a private mount namespace of its
own: ``unshare -rm``, a user namespace; nothing of the host's is written)."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from memcgsim import Kernel
from memcgsim.shell import run_script

CASES = ["-o", "-o -s n", "-o -s c", "-o -s u", "-o -s a", "-o -s s", "-o -s b", "-o -s l",
         "-o -s v", "-o -s p", "-o -s x", "-o -s ''", "--once --sort=N", "-s l -o", "--on",
         "", "-o extra", "-x", "-s", "--help", "-h -o", "-V", "-o -d 1", "-d 1 -o", "-d 0",
         "-d x", "-d ' 2' -o", "-d 99999999999999999999", "-d 1x", "--delay=-3"]


def _host_can_bind() -> bool:
    if shutil.which("slabtop") is None or shutil.which("unshare") is None:
        return False
    r = subprocess.run(["unshare", "-rm", "sh", "-c", "mount --bind /dev/null /proc/slabinfo"],
                       capture_output=True)
    return r.returncode == 0


needs_host = pytest.mark.skipif(not _host_can_bind(),
                                reason="no slabtop, or no private mount namespace here")


@pytest.fixture(scope="module")
def model_runs():
    """The model's /proc/slabinfo after a few cgroups and processes, and what
    its slabtop prints with each of CASES (stdout, stderr, status)."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2)
    setup = ("for i in 1 2 3; do mkdir /sys/fs/cgroup/c$i; echo $$ > /sys/fs/cgroup/c$i/cgroup.procs;"
             " sleep 0.01 & done; echo $$ > /sys/fs/cgroup/cgroup.procs; wait\n")
    run_script(k, setup, "setup.sh")
    slabinfo = run_script(k, "cat /proc/slabinfo\n", "cat.sh").stdout
    # every run forks (its slabs change): slabtop reads the one text the host's reads
    read = k.read
    k.read = lambda path, task: slabinfo if path == "/proc/slabinfo" else read(path, task)
    out = {}
    for c in CASES:
        r = run_script(k, f"slabtop {c}\n", "t.sh")
        out[c] = (r.stdout, r.stderr, r.status)
    return slabinfo, out


@needs_host
@pytest.mark.parametrize("case", CASES)
def test_slabtop_as_the_hosts(tmp_path, model_runs, case):
    slabinfo, out = model_runs
    f = tmp_path / "slabinfo"
    f.write_text(slabinfo)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"}
    r = subprocess.run(["unshare", "-rm", "sh", "-c",
                        f"mount --bind {f} /proc/slabinfo && exec slabtop {case} </dev/null"],
                       capture_output=True, text=True, env=env, timeout=60)
    assert out[case] == (r.stdout, r.stderr, r.returncode)


def test_slabtop_reads_the_model():
    """Without the host: a cgroup's kernfs nodes (no fork makes any) as the
    model's /proc/slabinfo has them right before."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2)
    r = run_script(k, "mkdir /sys/fs/cgroup/a /sys/fs/cgroup/b\ncat /proc/slabinfo\nslabtop -o\n",
                   "t.sh")
    info, _, top = r.stdout.partition("Active / Total Objects")
    want = next(ln.split() for ln in info.splitlines() if ln.startswith("kernfs_node_cache "))
    row = next(ln.split() for ln in top.splitlines() if ln.endswith(" kernfs_node_cache") or
               ln.split()[-1:] == ["kernfs_node_cache"])
    assert (row[0], row[1], row[4], row[5]) == (want[2], want[1], want[14], want[4])
    assert int(row[6][:-1]) == int(want[14]) * int(want[5]) * 4
