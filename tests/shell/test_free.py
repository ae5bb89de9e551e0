"""``free`` reads the model's /proc/meminfo as procps-ng does."""
from memcgsim import Kernel
from memcgsim.shell import run_script


def test_free_columns_follow_meminfo():
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2)
    res = run_script(k, "free; mkdir /sys/fs/cgroup/x /sys/fs/cgroup/y; free -m; "
                        "grep -E '^(MemTotal|MemFree|Cached|SReclaimable|Buffers):' /proc/meminfo",
                     "t.sh")
    out = res.stdout
    lines = out.splitlines()
    header = lines[0]
    assert header.split() == ["total", "used", "free", "shared", "buff/cache", "available"]
    mem = lines[1]
    # right-aligned under the header, as procps-ng prints them
    assert len(mem) == len(header) and mem.startswith("Mem:")
    mi = {ln.split(":")[0]: int(ln.split()[1]) for ln in lines[-5:]}
    total, used, free, shared, cache, avail = map(int, lines[4].split()[1:])  # free -m
    assert total == mi["MemTotal"] >> 10 and free == mi["MemFree"] >> 10
    assert cache == (mi["Cached"] + mi["SReclaimable"] + mi["Buffers"]) >> 10
    t, u, f = map(int, mem.split()[1:4])
    assert u == t - f - int(mem.split()[5]) and f > mi["MemFree"]   # two mkdirs later


def test_vmstat_delay_count():
    """``vmstat DELAY COUNT``: the first line, then COUNT - 1 lines DELAY seconds
    apart (the simulated clock advances), the header again every 21 lines unless
    ``-n``."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2)
    res = run_script(k, "vmstat 1 3 | wc -l; vmstat -n 1 23 | wc -l; vmstat 1 23 | wc -l\n"
                        "cat /proc/uptime; vmstat 2 2 >/dev/null; cat /proc/uptime\n"
                        "vmstat 1 2 | tail -1", "t.sh")
    lines = res.stdout.splitlines()
    assert lines[:3] == ["5", "25", "27"]
    assert 2.0 <= float(lines[4].split()[0]) - float(lines[3].split()[0]) < 2.1
    assert lines[5].split()[:2] == ["1", "0"] and lines[5].split()[-5:] == \
        ["0", "0", "100", "0", "0"]


def test_vmstat_errors_and_stats_as_the_hosts():
    """vmstat's operand errors and ``-s`` labels are procps-ng 4.0.2's (the host's
    vmstat when it is that version: it only reads /proc)."""
    import shutil
    import subprocess
    import pytest
    vm = shutil.which("vmstat")
    if vm is None or "4.0.2" not in subprocess.run([vm, "-V"], capture_output=True,
                                                   text=True).stdout:
        pytest.skip("no procps-ng 4.0.2 vmstat on the host")
    for args in (["x"], ["0"], ["1", "x"], ["1", "2", "3"], ["-V"], ["-n", "-V", "x"]):
        host = subprocess.run([vm, *args], capture_output=True, text=True)
        res = run_script(Kernel(design="6.1", cgroup="v2", nr_cpus=2),
                         "vmstat " + " ".join(args), "t.sh")
        assert (res.stdout, res.stderr, res.status) == (host.stdout, host.stderr,
                                                        host.returncode)
    host = subprocess.run([vm, "-s"], capture_output=True, text=True).stdout
    res = run_script(Kernel(design="6.1", cgroup="v2", nr_cpus=2), "vmstat -s", "t.sh")
    label = lambda out: [ln.split(None, 1)[1] for ln in out.splitlines()]  # noqa: E731
    assert label(res.stdout) == label(host)
