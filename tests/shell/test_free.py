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
    # procps-ng 4.0.2's meminfo.c: used = MemTotal - MemAvailable
    assert u == t - int(mem.split()[6]) and f > mi["MemFree"]   # two mkdirs later


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


def _meminfo(**kb) -> str:
    keys = ("MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapTotal", "SwapFree",
            "Shmem", "SReclaimable", "CommitLimit", "Committed_AS")
    return "".join(f"{k}: {kb[k]:>14} kB\n" for k in keys)


#: meminfos the model's free and procps-ng 4.0.2's read the same: a guest's, a
#: host's, swap in use, MemAvailable above MemTotal, Committed_AS above the limit,
#: figures where the human-readable unit changes
MEMINFOS = [
    _meminfo(MemTotal=981464, MemFree=929736, MemAvailable=863360, Buffers=20, Cached=6976,
             SwapTotal=0, SwapFree=0, Shmem=6980, SReclaimable=9800, CommitLimit=490732,
             Committed_AS=8064),
    _meminfo(MemTotal=24683792, MemFree=20779084, MemAvailable=21418628, Buffers=20272,
             Cached=606272, SwapTotal=2097148, SwapFree=1048576, Shmem=9744, SReclaimable=336156,
             CommitLimit=12341896, Committed_AS=19215068),
    _meminfo(MemTotal=1023, MemFree=1000, MemAvailable=2000, Buffers=0, Cached=9, SwapTotal=10239,
             SwapFree=10238, Shmem=1, SReclaimable=0, CommitLimit=102399, Committed_AS=1024000),
    _meminfo(MemTotal=1073741824, MemFree=104857, MemAvailable=999424, Buffers=9999, Cached=99999,
             SwapTotal=976562, SwapFree=0, Shmem=97656, SReclaimable=1048575, CommitLimit=1048576,
             Committed_AS=1048577),
]
FREE_ARGS = [[], ["-h"], ["-h", "--si"], ["-w", "-l", "-t", "-v"], ["-b"], ["-m", "-t"], ["-g"],
             ["--kilo"], ["--mega", "-w"], ["--giga"], ["--tera"], ["--pebi"], ["-h", "-w", "-v"],
             ["--si"], ["-k", "-m"], ["-x"], ["extra"], ["--help"], ["-V"]]


def _host_free_in_namespace() -> bool:
    import shutil
    import subprocess
    if not shutil.which("unshare") or not shutil.which("free"):
        return False
    v = subprocess.run(["free", "-V"], capture_output=True, text=True)
    if "4.0.2" not in v.stdout:
        return False
    r = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    return r.returncode == 0


def _model_free(meminfo: str, args: list[str]) -> tuple[str, str, int]:
    from memcgsim.shell.commands import COMMANDS
    from memcgsim.shell.context import CommandContext
    from memcgsim.shell.streams import BufOut

    class Sys:
        userland = "gnu"

        def read(self, path, task):
            assert path == "/proc/meminfo"
            return meminfo

    out, errs = BufOut(), BufOut()
    ctx = CommandContext(Sys(), None, ["free", *args], {}, "/", None, out, errs)
    try:
        st = COMMANDS["free"](ctx)
    except Exception as e:      # UsageError: the command wrapper's message
        from memcgsim.shell.commands._util import UsageError
        assert isinstance(e, UsageError)
        raise
    return out.buf.decode(), errs.buf.decode(), st


import pytest  # noqa: E402


@pytest.mark.skipif(not _host_free_in_namespace(),
                    reason="needs procps-ng 4.0.2's free and unshare -rm (a user namespace)")
@pytest.mark.parametrize("meminfo", range(len(MEMINFOS)))
def test_free_prints_what_procps_free_prints(tmp_path, meminfo):
    """The model's ``free`` against procps-ng 4.0.2's on the same /proc/meminfo
    (bind-mounted over the host's in a private user and mount namespace)."""
    import subprocess
    text = MEMINFOS[meminfo]
    f = tmp_path / "meminfo"
    f.write_text(text)
    for args in FREE_ARGS:
        script = f'mount --bind {f} /proc/meminfo && exec free "$@"'
        r = subprocess.run(["unshare", "-rm", "sh", "-c", script, "sh", *args],
                           capture_output=True, text=True)
        assert _model_free(text, args) == (r.stdout, r.stderr, r.returncode), args
