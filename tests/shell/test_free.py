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
