"""``stress`` 1.0.7 (shell/commands/stress.py): its messages and statuses against the
host's stress, and its workers' memory on the model kernel."""
import re
import shutil
import subprocess

import pytest

from fakesys_commands import run
from memcgsim.shell import run_script
from memcgsim.shell.commands.stress import atoll_b, atoll_s

Kernel = pytest.importorskip("memcgsim").Kernel
STRESS = shutil.which("stress")


def _host_is_1_0_7():
    if STRESS is None:
        return False
    return subprocess.run([STRESS, "--version"], capture_output=True, text=True).stdout == "stress 1.0.7\n"


def _norm(text):
    """pids differ from run to run."""
    return re.sub(r"(\[|worker )\d+", r"\1P", text)


#: argument lists that end at once (errors, dry runs) or within a second
ARGS = ["", "--vm", "--vm 0", "--vm -1", "--vm abc", "--vm 1x", "-q --vm 0",
        "--vm 1 --vm-bytes 0", "--vm 1 --vm-bytes -5", "--vm 1 --vm-bytes", "--vm 1 --vm-bytes ''",
        "--vm 1 --vm-bytes 9999999999G", "--vm 1 --timeout 0", "--vm 1 --timeout 1x",
        "--vm 1 -t s", "--vm 1 --timeout ''", "--backoff x --vm 1", "--backoff -1 --vm 1",
        "--bogus", "--vm-chunks 1", "--vm 1 --vm-hang -1", "--vm 1 --vm-stride 0",
        "--cpu 0", "-i 0", "-d 0", "--hdd-bytes 0 --vm 1", "--version", "--help", "-?",
        "-n --vm 3", "-n -v --vm 2 --cpu 1 -t 5", "-n -v -m 1 --vm-bytes 0x10k",
        "-n -v -m 1 --vm-bytes ' 5'", "-n -v -m 1 --vm-bytes 5x5", "-n -v -m 1 -t 0x10",
        "-n -q -v -m 1", "-n -v -q -m 1", "-n --vm 1 --vm 2", "-n -v -m 1 --backoff 0",
        "--vm 1 --vm-bytes 1M --timeout 1", "-v --vm 1 --vm-bytes 1M --vm-keep --vm-hang 0 -t 1",
        "-v --vm 1 --vm-bytes 1M --vm-hang 2 -t 1", "-v --vm 1 --vm-bytes 1000G -t 1",
        "--cpu 1 --io 1 -t 1"]


@pytest.mark.skipif(not _host_is_1_0_7(), reason="needs the host's stress 1.0.7")
@pytest.mark.parametrize("args", ARGS)
def test_stress_as_1_0_7(args, tmp_path):
    script = f"stress {args}; echo \"rc=$?\"\n"
    (tmp_path / "t.sh").write_text(script)
    k = Kernel(design="6.1", cgroup="v2")
    res = run_script(k, script, "t.sh")
    got = (_norm(res.stdout), _norm(res.stderr))
    # the host's run is real time: "completed in 0s" or "1s" by where a second
    # boundary falls, so the model's output is one of up to three host runs'
    runs = []
    for _ in range(3):
        host = subprocess.run(["bash", "t.sh"], capture_output=True, text=True, cwd=tmp_path,
                              env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"}, timeout=30)
        runs.append((_norm(host.stdout), _norm(host.stderr)))
        if runs[-1] == got:
            break
    assert got == runs[-1], runs


@pytest.mark.parametrize("s,n", [("1", 1), ("010", 8), ("0x10k", 16 << 10), (" 5", 5), ("5x5", 5),
                                 ("1.5M", 1 << 20), ("2g", 2 << 30), ("3B", 3),
                                 ("99999999999999999999", 2 ** 63 - 1),
                                 ("9999999999G", -7709325834783293440)])
def test_atoll_b(s, n):
    assert atoll_b(s) == n


@pytest.mark.parametrize("s,n", [("10", 10), ("1m", 60), ("1m5s", 1), ("2h", 7200), ("1y", 31536000)])
def test_atoll_s(s, n):
    assert atoll_s(s) == n


CG = """C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/s
echo $$ > $C/s/cgroup.procs
"""


def test_workers_charge_their_bytes_and_end_at_the_alarm():
    k = Kernel(design="6.1", cgroup="v2")
    res = run_script(k, CG + """stress --vm 2 --vm-bytes 20M --vm-keep -t 2 &
sleep 1
grep -E '^anon ' $C/s/memory.stat
wait $!; echo "rc=$?"
grep -E '^anon ' $C/s/memory.stat
""", "t.sh")
    lines = res.stdout.splitlines()
    assert lines[0] == "stress: info: [6] dispatching hogs: 0 cpu, 0 io, 2 vm, 0 hdd"
    anon = int(lines[1].split()[1])
    assert 40 << 20 <= anon < 41 << 20
    assert lines[2:4] == ["stress: info: [6] successful run completed in 2s", "rc=0"]
    assert int(lines[4].split()[1]) < 1 << 20


def test_a_worker_oom_killed_fails_the_run():
    k = Kernel(design="6.1", cgroup="v2")
    res = run_script(k, CG + """echo 50M > $C/s/memory.max
stress --vm 2 --vm-bytes 30M --vm-keep -t 3; echo "rc=$?"
grep oom_kill $C/s/memory.events
""", "t.sh")
    # the second worker forked starts first (the shorter backoff): the first one's
    # charge makes the OOM killer take it, the largest
    assert res.stderr == ("stress: FAIL: [6] (425) <-- worker 8 got signal 9\n"
                          "stress: WARN: [6] (427) now reaping child worker processes\n"
                          "stress: FAIL: [6] (431) kill error: No such process\n"
                          "stress: FAIL: [6] (461) failed run completed in 3s\n")
    assert res.stdout.splitlines()[1:] == ["rc=1", "oom_kill 1"]


def test_workers_outlive_a_killed_stress():
    k = Kernel(design="6.1", cgroup="v2")
    res = run_script(k, CG + """stress --vm 1 --vm-bytes 10M --vm-hang 0 -q &
sleep 1
kill $!; wait $!; echo "rc=$?"
pgrep -c stress
grep -E '^anon ' $C/s/memory.stat
pkill stress; sleep 0.1; pgrep -c stress
""", "t.sh")
    lines = res.stdout.splitlines()
    assert lines[:2] == ["rc=143", "1"]
    assert int(lines[2].split()[1]) >= 10 << 20
    assert lines[3] == "0"


LOWER_LIMIT = CG + """stress --vm 1 --vm-bytes 20M --vm-keep &
sleep 1
echo 10M > $C/s/memory.max
sleep 1
wait $!; echo "rc=$?"
"""


def test_a_lower_limit_kills_a_background_worker():
    """5.10: ``memory_max_write``'s loop kills the worker and ends once its
    ``exit_mmap`` has freed its pages (reaped before MMF_OOM_SKIP)."""
    res = run_script(Kernel(design="5.10", cgroup="v2"), LOWER_LIMIT, "t.sh")
    assert "<-- worker 8 got signal 9" in res.stderr
    assert res.stdout.splitlines()[-1] == "rc=1"


def test_on_6_1_the_loop_also_kills_the_writer_while_the_worker_frees():
    """6.1 sets MMF_OOM_SKIP once the worker's areas are unmapped, before its 20 MiB
    are freed (bf3980c85212): a pass of the writer's loop meanwhile passes over the
    worker and, the usage still above 10M, kills the writer, the shell in the same
    cgroup (docs/fidelity.md item 190; the model's worker holds small pages where
    the guests' would hold THPs, freed sooner: not checked on a guest)."""
    k = Kernel(design="6.1", cgroup="v2")
    res = run_script(k, LOWER_LIMIT, "t.sh")
    assert res.status == 137 and res.signal == 9
    ev = k.read("/sys/fs/cgroup/s/memory.events", k.init).split()
    assert ev[ev.index("oom_kill") + 1] == "2"


def test_a_dry_run_forks_and_ends():
    r = run(Kernel(design="6.1", cgroup="v2"), ["stress", "-n", "--vm", "2", "-q"])
    assert (r.status, r.out, r.err) == (0, "", "")
