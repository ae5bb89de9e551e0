"""The external commands against the real model kernel (``memcgsim.Kernel``)."""
import pytest

from fakesys_commands import run
from memcgsim.sysapi import TaskKilled

Kernel = pytest.importorskip("memcgsim").Kernel
R = "/sys/fs/cgroup"
KEY = '$1==k {print $2; f=1; exit} END {if (!f) print -1}'


@pytest.fixture
def k():
    return Kernel(design="5.13", cgroup="v2")


@pytest.fixture
def sh(k):
    return k.spawn("bash")


def child(k, parent, comm):
    t = k.fork(parent)
    k.exec(t, "/bin/" + comm)
    return t


def cmd(k, parent, argv, stdin=b""):
    return run(k, argv, stdin, task=child(k, parent, argv[0]))


def make_cg(k, sh, name="cg", limit=None):
    k.write(R + "/cgroup.subtree_control", "+memory", sh)
    k.mkdir(f"{R}/{name}", sh)
    if limit:
        k.write(f"{R}/{name}/memory.swap.max", "0", sh)
        k.write(f"{R}/{name}/memory.max", limit, sh)
    t = k.fork(sh)
    k.write(f"{R}/{name}/cgroup.procs", str(t.pid), t)
    return t


def test_cgroupfs_mkdir_rmdir_messages(k, sh):
    assert cmd(k, sh, ["mkdir", R + "/a"]).status == 0
    r = cmd(k, sh, ["mkdir", R + "/a"])
    assert (r.status, r.err) == (1, f"mkdir: cannot create directory '{R}/a': File exists\n")
    member = k.fork(sh)
    k.write(R + "/a/cgroup.procs", str(member.pid), member)
    r = cmd(k, sh, ["rmdir", R + "/a"])
    assert (r.status, r.err) == (1, f"rmdir: failed to remove '{R}/a': Device or resource busy\n")
    k.write(R + "/cgroup.procs", str(member.pid), member)
    assert cmd(k, sh, ["rmdir", R + "/a"]).status == 0


def test_grep_and_awk_on_cgroup_files(k, sh):
    member = make_cg(k, sh)
    assert cmd(k, sh, ["grep", "-qw", "memory", R + "/cg/cgroup.controllers"]).status == 0
    r = cmd(k, member, ["awk", "-v", "k=slab", KEY, R + "/cg/memory.stat"])
    assert r.status == 0 and int(r.out) >= 0
    r = cmd(k, member, ["awk", "-v", "k=no_such_key", KEY, R + "/cg/memory.stat"])
    assert r.out == "-1\n"
    assert cmd(k, sh, ["cat", R + "/cg/memory.max"]).out == "max\n"
    assert "memory" in cmd(k, sh, ["grep", "memory", "/proc/cgroups"]).out


def test_head_dev_zero_into_tail_oom_killed(k, sh):
    member = make_cg(k, sh, limit="30M")
    head = cmd(k, member, ["head", "-c", "100M", "/dev/zero"])
    assert head.status == 0 and len(head.out) == 100 << 20
    tail = child(k, member, "tail")
    with pytest.raises(TaskKilled) as ei:
        run(k, ["tail"], head.out.encode(), task=tail)
    assert ei.value.pid == tail.pid and ei.value.signal == 9
    events = cmd(k, sh, ["cat", R + "/cg/memory.events"]).out
    assert "oom_kill 1\n" in events
    r = cmd(k, sh, ["awk", "-v", "k=oom_kill", KEY, R + "/cg/memory.events"])
    assert r.out == "1\n"


def test_tail_frees_what_it_allocated(k, sh):
    member = make_cg(k, sh)
    before = int(k.read(R + "/cg/memory.current", sh))
    r = cmd(k, member, ["tail", "-c", "5"], bytes(4 << 20))
    assert r.status == 0 and r.out == "\0" * 5
    r = cmd(k, member, ["tail"], bytes(4 << 20))
    assert r.status == 0 and len(r.out) == 4 << 20
    after = int(k.read(R + "/cg/memory.current", sh))
    assert after - before < 2 << 20  # the 4 MiB buffer was given back


def test_page_cache_of_cat_is_charged(k, sh):
    member = make_cg(k, sh, limit="30M")
    assert cmd(k, member, ["truncate", "-s", "50M", "/root/f"]).status == 0
    r = cmd(k, member, ["cat", "/root/f"])
    assert r.status == 0 and len(r.out) == 50 << 20
    current = int(cmd(k, sh, ["cat", R + "/cg/memory.current"]).out)
    assert 20 << 20 < current <= 30 << 20
    assert cmd(k, member, ["rm", "-f", "/root/f"]).status == 0


def test_dd_proc_kpagecgroup(k, sh):
    r = cmd(k, sh, ["dd", "if=/proc/kpagecgroup", "of=/dev/null", "bs=1024"])
    assert r.status == 0 and " records in\n" in r.err and r.err.count("records") == 2


def test_system_info(k, sh):
    assert cmd(k, sh, ["uname", "-r"]).out == k.uname_release() + "\n"
    assert cmd(k, sh, ["getconf", "PAGESIZE"]).out == f"{k.page_size}\n"
    assert cmd(k, sh, ["getconf", "_NPROCESSORS_ONLN"]).out == f"{k.nr_cpus}\n"
    assert cmd(k, sh, ["nproc"]).out == f"{k.nr_cpus}\n"


def test_stress_ng_charges_workers_to_the_cgroup(k, sh):
    member = make_cg(k, sh)
    before = int(k.read(R + "/cg/memory.current", sh))
    from fakesys_commands import InBytes, OutBytes
    from memcgsim.shell.commands import COMMANDS
    from memcgsim.shell.context import CommandContext as Ctx
    task = child(k, member, "stress-ng")
    ctx = Ctx(k, task, ["stress-ng", "--vm", "2", "--vm-bytes", "8M", "--vm-keep", "-t", "5", "-q"],
              {}, "/", InBytes(), OutBytes(), OutBytes())
    gen = COMMANDS["stress-ng"](ctx)
    req = next(gen)
    assert req.seconds == 5
    during = int(k.read(R + "/cg/memory.current", sh))
    assert during - before >= 16 << 20
    k.advance(5)
    with pytest.raises(StopIteration) as si:
        next(gen)
    assert si.value.value == 0
    after = int(k.read(R + "/cg/memory.current", sh))
    assert after < during - (15 << 20)


def test_many_mkdir_rmdir(k, sh):
    """200 mkdir/rmdir pairs of one name: each makes a new cgroup and leaves no
    directory behind (the speed is bench/'s, not a test's)."""
    for _ in range(200):
        assert cmd(k, sh, ["mkdir", R + "/x"]).status == 0
        assert cmd(k, sh, ["rmdir", R + "/x"]).status == 0
    assert "x" not in k.listdir(R, sh)
    assert cmd(k, sh, ["rmdir", R + "/x"]).status == 1
