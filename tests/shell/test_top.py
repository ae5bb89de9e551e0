"""``top -b`` (procps-ng 4.0.2 and busybox 1.35) reads the model's /proc as the
real ones do: compared with the host's top and busybox top on the same files,
a snapshot of the model's /proc bind-mounted over /proc in a user namespace."""
import os
import shutil
import subprocess

import pytest

from memcgsim import Kernel
from memcgsim.shell import run_script

PID_FILES = ("stat", "statm", "status", "cmdline", "comm")


def _snapshot(k, script: str) -> dict[str, str]:
    """The /proc files top reads, as the model's init reads them after SCRIPT."""
    run_script(k, script, "t.sh")
    t = k.tasks[1]
    files = {n: k.read(f"/proc/{n}", t)
             for n in ("uptime", "meminfo", "cpuinfo", "stat", "loadavg")}
    for p in k.listdir("/proc", t):
        if p.isdigit():
            for f in PID_FILES:
                files[f"{p}/{f}"] = k.read(f"/proc/{p}/{f}", t)
    return files


def _model_top(files: dict[str, str], argv: list[str], env=None, userland="gnu"):
    from memcgsim.shell.commands import COMMANDS
    from memcgsim.shell.context import CommandContext, Sleep
    from memcgsim.shell.streams import BufOut

    class Sys:
        def read(self, path, task):
            try:
                return files[path.removeprefix("/proc/")]
            except KeyError:
                raise FileNotFoundError(2, "No such file or directory") from None

        def listdir(self, path, task):
            assert path == "/proc"
            return sorted({n.split("/")[0] for n in files}, key=lambda n: (not n.isdigit(),
                                                                          int(n) if n.isdigit() else 0, n))

        now = 0.0

    sys = Sys()
    sys.userland = userland
    out, errs = BufOut(), BufOut()
    ctx = CommandContext(sys, None, argv, dict(env or {}), "/", None, out, errs)
    st = COMMANDS["top"](ctx)
    if hasattr(st, "send"):
        try:
            while True:
                assert isinstance(next(st), Sleep)
        except StopIteration as e:
            st = e.value
    return out.buf.decode(), errs.buf.decode(), st


def _host_top(tmp_root, files, prog, argv, env=None):
    """PROG ARGV with FILES as /proc (created newest pid first: tmpfs lists them
    back in pid order, as /proc does)."""
    d = tmp_root
    def key(n):
        head = n.partition("/")[0]
        return -int(head) if head.isdigit() else 0
    for n, text in sorted(files.items(), key=lambda kv: key(kv[0])):
        path = os.path.join(d, n)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    os.makedirs(os.path.join(d, "sys/kernel"), exist_ok=True)
    for name, text in (("pid_max", "32768\n"), ("osrelease", "6.1.0-28-amd64\n")):
        with open(os.path.join(d, "sys/kernel", name), "w") as f:
            f.write(text)
    os.makedirs(os.path.join(d, "self/task"), exist_ok=True)
    for f in ("stat", "status", "statm"):
        with open(os.path.join(d, "self", f), "w") as fh:
            fh.write(files["1/" + f])
    e = {"PATH": os.environ["PATH"], **(env or {})}
    r = subprocess.run(["unshare", "-rm", "sh", "-c", f'mount --bind {d} /proc && exec "$@"',
                        "sh", *prog, *argv], capture_output=True, text=True, env=e,
                       stdin=subprocess.DEVNULL)
    return r.stdout, r.stderr, r.returncode


def _hosts_top(prog: str, version: str) -> bool:
    exe = shutil.which(prog)
    if exe is None or not shutil.which("unshare") or not os.path.isdir("/dev/shm"):
        return False
    v = subprocess.run([exe, "-V"] if prog == "top" else [exe], capture_output=True, text=True)
    if version not in v.stdout + v.stderr:
        return False
    return subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0


SCRIPTS = [
    "sleep 1000 & sleep 1001 & sleep 2",
    "mkdir /sys/fs/cgroup/a; (echo $BASHPID > /sys/fs/cgroup/a/cgroup.procs; x=$(seq 1 20000);"
    " exec sleep 500) & sleep 1; bash -c 'sleep 300' & sleep 1",
]
TOP_ARGS = [["-b", "-n", "1"], ["-bn1", "-c"], ["-b", "-n", "1", "-o", "PID"],
            ["-b", "-n", "1", "-o", "+RES"], ["-b", "-n", "1", "-p", "1,2"],
            ["-b", "-n", "2", "-d", "0"], ["-b", "-n", "1", "-w", "100"], ["-b", "-n1", "-w"],
            ["-b", "-n", "1", "-x"], ["-b", "-n", "x"], ["-b", "-n1", "-o", "FOO"],
            ["-b", "-d", "x"]]


def _without_clock(out: str) -> str:
    """top's first line holds the host's time of day: set aside."""
    return "\n".join(ln[:6] + ln[14:] if ln.startswith("top - ") else ln
                     for ln in out.split("\n"))


@pytest.mark.skipif(not _hosts_top("top", "procps-ng 4.0.2"),
                    reason="needs procps-ng 4.0.2's top and unshare -rm (a user namespace)")
@pytest.mark.parametrize("script", range(len(SCRIPTS)))
def test_top_prints_what_procps_top_prints(tmp_path, script):
    files = _snapshot(Kernel(design="6.1", cgroup="v2", nr_cpus=2), SCRIPTS[script])
    for n, args in enumerate(TOP_ARGS):
        for env in ({}, {"COLUMNS": "60"}, {"COLUMNS": "140"}):
            import tempfile
            with tempfile.TemporaryDirectory(dir="/dev/shm") as d:
                host = _host_top(d, files, ["top"], args, env)
            model = _model_top(files, ["top", *args], env)
            assert (_without_clock(model[0]), model[1], model[2]) == \
                (_without_clock(host[0]), host[1], host[2]), (args, env)


@pytest.mark.skipif(not _hosts_top("top", "procps-ng 4.0.2"), reason="needs procps-ng 4.0.2's top")
def test_top_without_batch_needs_a_terminal():
    """Without -b, top sets up the terminal first: a script has none."""
    host = subprocess.run(["top", "-n", "1"], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    res = run_script(Kernel(design="6.1", cgroup="v2", nr_cpus=2), "top -n 1; echo $?", "t.sh")
    assert (res.stdout, res.stderr) == ("1\n", host.stderr) and host.returncode == 1


BB_ARGS = [["-b", "-n", "1"], ["-b", "-n", "2", "-d", "0"], ["b", "n1"], ["-bn1", "-m"],
           ["-b", "-n", "x"], ["-b", "-x"], ["-b", "-d", "-1", "-n", "1"]]


@pytest.mark.skipif(not _hosts_top("busybox", "v1.35"),
                    reason="needs busybox 1.35 and unshare -rm (a user namespace)")
@pytest.mark.parametrize("script", range(len(SCRIPTS)))
def test_busybox_top_prints_what_busybox_prints(script):
    import tempfile
    files = _snapshot(Kernel(design="6.1", cgroup="v2", nr_cpus=2), SCRIPTS[script])
    # a long command line (cut at the batch line's width) and argv[0] other than comm
    files["5/cmdline"] = "sleep\0" + "x" * 700 + "\0"
    files["6/cmdline"] = "/usr/bin/snooze\0" + "1001\0"
    for args in BB_ARGS:
        for env in ({}, {"COLUMNS": "40"}):
            with tempfile.TemporaryDirectory(dir="/dev/shm") as d:
                host = _host_top(d, files, ["busybox", "top"], args, env)
            assert _model_top(files, ["top", *args], env, "busybox") == host, (args, env)


def test_top_in_a_script_sees_the_model():
    """top in a script: itself running, the others asleep, 100 % idle (the model
    counts no CPU time), the memory of /proc/meminfo; 0.1 s passes before the frame."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2)
    res = run_script(k, "sleep 100 & cat /proc/uptime; top -b -n 1; cat /proc/uptime; "
                        "cat /proc/loadavg; head -1 /proc/stat", "t.sh")
    lines = res.stdout.splitlines()
    assert 0.1 <= float(lines[-3].split()[0]) - float(lines[0].split()[0]) < 0.12
    assert lines[1].startswith("top - 00:00:0") and lines[1].endswith(
        "up 0 min,  0 user,  load average: 0.00, 0.00, 0.00")
    assert lines[2] == "Tasks:   6 total,   1 running,   5 sleeping,   0 stopped,   0 zombie"
    assert "100.0 id" in lines[3]
    table = {ln.split()[-1]: ln.split() for ln in lines[8:-3]}
    assert table["top"][7] == "R" and table["sleep"][7] == "S" and table["bash"][7] == "S"
    # /proc/loadavg: running/threads and the last pid (cat's own)
    assert lines[-2].split()[3:] == ["1/6", "9"]
    assert lines[-1].startswith("cpu  0 0 0 ")
    res = run_script(Kernel(design="6.1", cgroup="v2", nr_cpus=2, userland="busybox"),
                     "top -b -n 1", "t.sh")
    out = res.stdout.splitlines()
    assert out[1] == "CPU:   0% usr   0% sys   0% nic 100% idle   0% io   0% irq   0% sirq"
    assert out[3] == BB_HEADER_LINE and res.stdout.endswith("\n\n")


BB_HEADER_LINE = "  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND"
