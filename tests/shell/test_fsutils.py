"""``fallocate`` (shell/commands/fsutils.py): util-linux 2.38's messages and statuses
against the host's tool, its size parser, and what it charges on the model kernel."""
import os
import shutil
import subprocess

import pytest

from fakesys_commands import run
from memcgsim.shell.commands.fsutils import human_size, parse_size
from memcgsim.sysapi import TaskKilled

Kernel = pytest.importorskip("memcgsim").Kernel
R = "/sys/fs/cgroup"
FALLOCATE = shutil.which("fallocate")


def _host_is_2_38():
    if FALLOCATE is None:
        return False
    p = subprocess.run([FALLOCATE, "--version"], capture_output=True, text=True)
    return "util-linux 2.38" in p.stdout


#: argument lists whose outcome does not depend on the filesystem (sizes stay small)
ARGS = ["", "-l", "-l 0 f", "-l abc f", "-l 1X f", "-l 10M", "-l 1M -n f", "-l 1.5M f",
        "-l 10KB f", "-l 10KiB f", "-q", "-l 1M a b", "-x -l 1M f", "-v -l 1M f",
        "-o 1k -l 1 f", "-l -5 f", "-d f", "-p -l 1M f", "--length=1M f", "-l 1m f",
        "-l 1b f", "-l 8E f", "-z -x -l 1 f", "-n -c -l 1 f", "-d -z f", "-c -i -l 1 f",
        "-v -l 1.999K f", "-v -l 0x10 f", "-v -l 010 f", "-l 08 f", "-v -l 1.05K f",
        "-v -l 1.0500K f", "-l 1.0 f", "-v -l 1.00K f", "-l .5K f", "-v -l 1.K f",
        "-l 1Y f", "-v -l 1kB f", "-o -1 -l 1 f", "-o x -l 1 f", "-l 1 -o", "--bogus f",
        "-v -l 10239 f", "-v -l 123456789 f", "-v -l 1000000000 f"]


@pytest.mark.skipif(not _host_is_2_38(), reason="needs the host's util-linux 2.38 fallocate")
@pytest.mark.parametrize("args", ARGS)
def test_fallocate_as_util_linux(args, tmp_path):
    argv = args.split()
    host = subprocess.run([FALLOCATE] + argv, capture_output=True, text=True, cwd=tmp_path,
                          env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    host_size = os.path.getsize(tmp_path / "f") if (tmp_path / "f").exists() else None
    k = Kernel(design="6.1", cgroup="v2")
    k.mkdir("/root/t", k.init)
    r = run(k, ["fallocate"] + argv, cwd="/root/t")
    try:
        size = k.stat("/root/t/f", k.init).st_size
    except OSError:
        size = None
    assert (r.status, r.out, r.err) == (host.returncode, host.stdout,
                                        host.stderr.replace(FALLOCATE, "fallocate"))
    assert size == host_size


@pytest.mark.parametrize("s,n", [("5", 5), (" 5", 5), ("+5", 5), ("0x10", 16), ("010", 8),
                                 ("1K", 1024), ("1k", 1024), ("1KiB", 1024), ("1KB", 1000),
                                 ("1.5M", 3 << 19), ("1.999K", 2150), ("1.05K", 1075),
                                 ("1.0500K", 1075), ("1.00K", 1024), ("1.K", 1024),
                                 ("1.0000001G", 1073741931), ("7E", 7 << 60)])
def test_parse_size(s, n):
    assert parse_size(s) == n


@pytest.mark.parametrize("s", ["", "-5", "5 ", "0.5", ".5K", "1.5", "1.0", "1e3", "08", "1b",
                               "1Y", "1KKB", "1K B", "0x"])
def test_parse_size_refuses(s):
    with pytest.raises(ValueError):
        parse_size(s)


@pytest.mark.parametrize("n,s", [(1, "1 B"), (1023, "1023 B"), (1024, "1 KiB"), (1100, "1.1 KiB"),
                                 (10239, "10 KiB"), (10752, "10.5 KiB"), (1 << 20, "1 MiB"),
                                 (1000000000, "953.7 MiB"), (1 << 40, "1 TiB")])
def test_human_size(n, s):
    assert human_size(n) == s


@pytest.fixture
def k():
    return Kernel(design="6.1", cgroup="v2")


def _member(k, limit=None):
    sh = k.spawn("bash")
    k.write(R + "/cgroup.subtree_control", "+memory", sh)
    k.mkdir(R + "/cg", sh)
    if limit:
        k.write(R + "/cg/memory.max", limit, sh)
    t = k.fork(sh)
    k.write(R + "/cg/cgroup.procs", str(t.pid), t)
    return sh, t


def _stat(k, key):
    for line in k.read(R + "/cg/memory.stat", k.init).splitlines():
        name, val = line.split()
        if name == key:
            return int(val)
    raise KeyError(key)


def _fallocate(k, parent, argv):
    t = k.fork(parent)
    k.exec(t, "/bin/fallocate")
    return run(k, ["fallocate"] + argv, task=t)


def test_tmpfs_fallocate_charges_shmem_and_punch_gives_it_back(k):
    sh, member = _member(k)
    r = _fallocate(k, member, ["-l", "8M", "/dev/shm/f"])
    assert (r.status, r.err) == (0, "")
    assert k.stat("/dev/shm/f", sh).st_size == 8 << 20
    assert _stat(k, "shmem") >= (8 << 20) - 64 * 4096      # per-CPU stat batches
    shmem = _stat(k, "shmem")
    assert _fallocate(k, member, ["-n", "-o", "1M", "-l", "10M", "/dev/shm/f"]).status == 0
    assert k.stat("/dev/shm/f", sh).st_size == 8 << 20      # -n: the size kept
    assert _stat(k, "shmem") >= shmem + (3 << 20) - 64 * 4096
    r = _fallocate(k, member, ["-p", "-o", "100", "-l", "8M", "/dev/shm/f"])
    assert r.status == 0
    # pages 1 .. 2048 wholly inside [100, 8M + 100): only page 0 and the -n pages past
    assert _stat(k, "shmem") <= (1 + 768) * 4096 + 64 * 4096
    assert k.stat("/dev/shm/f", sh).st_size == 8 << 20


def test_ext4_fallocate_brings_no_pages(k):
    sh, member = _member(k)
    file0 = _stat(k, "file")
    r = _fallocate(k, member, ["-l", "64M", "/root/f"])
    assert r.status == 0 and k.stat("/root/f", sh).st_size == 64 << 20
    assert _stat(k, "file") - file0 < 64 * 4096


def test_tmpfs_fallocate_past_the_limit_is_oom_killed_and_undone(k):
    sh, t = _member(k, limit="4M")          # alone in the cgroup, as the oracle's script
    k.exec(t, "/bin/fallocate")
    with pytest.raises(TaskKilled) as ei:
        run(k, ["fallocate", "-l", "8M", "/dev/shm/g"], task=t)
    assert ei.value.pid == t.pid and ei.value.signal == 9
    assert k.stat("/dev/shm/g", sh).st_size == 0
    assert _stat(k, "shmem") < 64 * 4096     # shmem_undo_range gave the pages back
    assert "oom_kill 1\n" in k.read(R + "/cg/memory.events", sh)


def test_fallocate_errors_of_the_kernel(k):
    sh = k.spawn("bash")
    r = run(k, ["fallocate", "-l", "1E", "/root/big"])
    assert (r.status, r.err) == (1, "fallocate: fallocate failed: File too large\n")
    r = run(k, ["fallocate", "-l", "1P", "/dev/shm/big"])     # more than half of RAM
    assert (r.status, r.err) == (1, "fallocate: fallocate failed: No space left on device\n")
    r = run(k, ["fallocate", "-z", "-l", "1M", "/dev/shm/big"])
    assert (r.status, r.err) == (1, "fallocate: fallocate failed: Operation not supported\n")
    r = run(k, ["fallocate", "-l", "1M", "/dev/null"])
    assert (r.status, r.err) == (1, "fallocate: fallocate failed: No such device\n")
    r = run(k, ["fallocate", "-l", "1M", R + "/cgroup.procs"])
    assert (r.status, r.err) == (1, "fallocate: fallocate failed: Operation not supported\n")
    r = run(k, ["fallocate", "-z", "-l", "1M", "/root/big"])
    assert (r.status, r.err) == (1, "fallocate: --zero-range on this filesystem is not modelled\n")
    assert sh is not None


def test_df_of_tmpfs_counts_its_pages_and_ext4_its_groups(k):
    sh, member = _member(k)
    assert _fallocate(k, member, ["-l", "10000", "/dev/shm/f"]).status == 0
    r = run(k, ["df", "/dev/shm", "/proc"])
    total = int(k.read("/proc/meminfo", sh).split()[1]) // 2 // 4 * 4
    assert r.out.splitlines() == [
        "Filesystem     1K-blocks  Used Available Use% Mounted on",
        f"tmpfs          {total:>9} {12:>5} {total - 12:>9} {1:>3}% /dev/shm",
        f"proc           {0:>9} {0:>5} {0:>9}    - /proc"]
    r = run(k, ["df", "-h", "/dev/shm"])
    assert r.out.splitlines()[1].split()[1:4] == ["480M", "12K", "480M"]
    # ext4_statfs of the host disk (calibration/ext4-layout-host.sh: 16777216 blocks,
    # 407669 of overhead, 16369541 free, 838860 reserved; s_resv_clusters 4096)
    r = run(k, ["df", "/root"])
    assert (r.status, r.out.splitlines()[1].split(), r.err) == (
        0, ["/dev/vda", str((16777216 - 407669) * 4), str(6 * 4),
            str((16369541 - 838860 - 4096) * 4), "1%", "/"], "")
    r = run(k, ["df", "/dev"])
    assert (r.status, r.err) == (1, "df: /dev: block counts of devtmpfs are not modelled (memcgsim)\n")


def test_du_of_tmpfs_files(k):
    sh, member = _member(k)
    k.mkdir("/dev/shm/d", sh)
    assert _fallocate(k, member, ["-l", "10000", "/dev/shm/d/a"]).status == 0
    assert _fallocate(k, member, ["-l", "5000", "/dev/shm/d/b"]).status == 0
    r = run(k, ["du", "-a", "-c", "/dev/shm/d"])
    assert r.out == "12\t/dev/shm/d/a\n8\t/dev/shm/d/b\n20\t/dev/shm/d\n20\ttotal\n"
    assert run(k, ["du", "-sh", "/dev/shm/d"]).out == "20K\t/dev/shm/d\n"
    r = run(k, ["du", "/root"])     # an ext4 directory's one block
    assert (r.status, r.out) == (0, "4\t/root\n")
    # sizes (-b: bytes; --apparent-size: KiB, rounded up), depth, MiB; a hard link once
    k.link("/dev/shm/d/a", "/dev/shm/d/c", sh)
    assert run(k, ["du", "-b", "-a", "/dev/shm/d"]).out == (
        "10000\t/dev/shm/d/a\n5000\t/dev/shm/d/b\n15100\t/dev/shm/d\n")   # the directory: 20 a name, . and .. too
    assert run(k, ["du", "-bl", "-s", "/dev/shm/d"]).out == "25100\t/dev/shm/d\n"
    assert run(k, ["du", "--apparent-size", "-s", "/dev/shm/d/a"]).out == "10\t/dev/shm/d/a\n"
    assert run(k, ["du", "-m", "-d", "0", "/dev/shm"]).out == "1\t/dev/shm\n"
    assert run(k, ["du", "-sb", "/root"]).out == "4096\t/root\n"


@pytest.mark.parametrize("n,s", [(0, "0"), (1000, "1000"), (12 << 10, "12K"), (10 << 10, "10K"),
                                 (9 << 10 | 1, "9.1K"), (24683568 << 10, "24G"),
                                 (1023 << 20 | 1, "1.0G")])
def test_df_human(n, s):
    from memcgsim.shell.commands.fsutils import df_human
    assert df_human(n) == s
