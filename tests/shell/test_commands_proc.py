"""Process/system commands: sleep, stress-ng, inotifywait, xargs, env, kill, getconf,
uname, id, nproc, printf/echo/test externals (fake SysAPI)."""
import math

import pytest

from fakesys_commands import FakeSys, run
from memcgsim.shell.commands import format_printf
from memcgsim.shell.commands import test_eval as eval_test


@pytest.fixture
def s():
    return FakeSys()


def out(s, argv, stdin=b"", **kw):
    r = run(s, argv, stdin, **kw)
    return r.status, r.out, r.err


@pytest.mark.parametrize("arg,secs", [("1", 1.0), ("0.0001", 0.0001), ("1s", 1.0), ("2m", 120.0),
                                      ("1h", 3600.0), ("1d", 86400.0), ("infinity", math.inf),
                                      (".5", 0.5)])
def test_sleep_yields(s, arg, secs):
    r = run(s, ["sleep", arg])
    assert r.sleeps == [secs] and r.out == r.err == ""
    if secs != math.inf:
        assert r.status == 0


def test_sleep_errors(s):
    assert out(s, ["sleep"]) == (1, "", "sleep: missing operand\nTry 'sleep --help' for more information.\n")
    assert out(s, ["sleep", "1x"]) == (
        1, "", "sleep: invalid time interval '1x'\nTry 'sleep --help' for more information.\n")
    assert run(s, ["sleep", "1", "2s"]).sleeps == [3.0]


def test_stress_ng_forks_workers_that_hold_anon(s):
    r = run(s, ["stress-ng", "--vm", "2", "--vm-bytes", "4M", "--vm-keep", "--timeout", "10s", "-q"])
    assert r.status == 0 and r.sleeps == [10.0] and r.out == ""
    workers = [pid for pid, _ in s.alloc_calls]
    assert len(set(workers)) == 2 and r.task.pid not in workers
    assert [n for _, n in s.alloc_calls] == [4 << 20, 4 << 20]
    assert s.anon_total == 0  # workers exited at the timeout
    assert all(pid not in s.tasks for pid in workers)  # and were reaped


def test_stress_ng_killed_takes_workers_down(s):
    r = run(s, ["stress-ng", "--vm", "1", "--vm-bytes", "1M"])  # no timeout: runs until killed
    assert r.sleeps == [math.inf]
    (wpid, _), = s.alloc_calls
    assert (wpid, 9) in s.killed and s.anon_total == 0


def test_stress_ng_worker_oom(s):
    s.anon_limit = 3 << 20
    r = run(s, ["stress-ng", "--vm", "2", "--vm-bytes", "2M", "-t", "1", "-q"])
    assert r.status == 0 and len(s.alloc_calls) == 2 and len(s.killed) == 1
    assert r.task.state == "running"


def test_stress_ng_usage(s):
    assert out(s, ["stress-ng"])[0] == 1
    assert out(s, ["stress-ng", "--vm", "x"])[0] == 1
    run(s, ["stress-ng", "--vm", "0", "--vm-bytes", "1K", "-t", "1", "-q"])
    assert len(s.alloc_calls) == s.nr_cpus


def test_inotifywait(s):
    s.mkdir_p("/tmp/w")
    r = run(s, ["inotifywait", "-m", "/tmp/w"])
    assert r.sleeps == [math.inf] and r.err == "Setting up watches.\nWatches established.\n"
    assert out(s, ["inotifywait", "-m", "/nope"]) == (1, "", "Couldn't watch /nope: No such file or directory\n")


def test_xargs_and_env(s):
    assert out(s, ["xargs"], "a b\nc\n") == (0, "a b c\n", "")
    assert out(s, ["xargs", "-n", "1", "echo", "x"], "a b\n") == (0, "x a\nx b\n", "")
    assert out(s, ["xargs", "-I", "{}", "echo", "<{}>"], "a b\nc\n")[1] == "<a b>\n<c>\n"
    assert out(s, ["xargs", "echo"], "'a b' \"c d\" e\\ f\n")[1] == "a b c d e f\n"
    assert out(s, ["xargs", "-r", "echo", "x"], "") == (0, "", "")
    assert out(s, ["xargs", "echo", "x"], "")[1] == "x\n"
    assert out(s, ["xargs", "false"], "a\n")[0] == 123
    assert out(s, ["xargs", "nosuchcmd"], "a\n") == (127, "", "xargs: nosuchcmd: No such file or directory\n")
    s.mkdir_p("/tmp/d1")
    s.mkdir_p("/tmp/d2")
    assert out(s, ["xargs", "rmdir"], "/tmp/d1 /tmp/d2\n") == (0, "", "")
    assert s.listdir("/tmp", None) == []
    assert out(s, ["env"], env={"A": "1", "B": "2"})[1] == "A=1\nB=2\n"
    assert out(s, ["env", "-i", "C=3"])[1] == "C=3\n"
    assert out(s, ["env", "-u", "A", "Z=9"], env={"A": "1"})[1] == "Z=9\n"
    assert out(s, ["env", "X=1", "echo", "hi"])[1] == "hi\n"
    assert out(s, ["env", "nosuch"]) == (127, "", "env: 'nosuch': No such file or directory\n")


def test_xargs_spawn_hook(s):
    calls = []

    def spawn(argv, env=None):
        calls.append(argv)

        def child():
            from memcgsim.shell.context import Sleep
            yield Sleep(2)
            return 0
        return child()
    r = run(s, ["xargs", "-n", "1", "sleep"], "1\n2\n", extra={"spawn": spawn})
    assert calls == [["sleep", "1"], ["sleep", "2"]] and r.sleeps == [2, 2] and r.status == 0


def test_kill(s):
    t = s.spawn("sleep")
    assert out(s, ["kill", str(t.pid)]) == (0, "", "") and s.killed[-1] == (t.pid, 15)
    t2 = s.spawn("sleep")
    assert out(s, ["kill", "-9", str(t2.pid)])[0] == 0 and s.killed[-1] == (t2.pid, 9)
    t3 = s.spawn("sleep")
    assert out(s, ["kill", "-s", "KILL", str(t3.pid)])[0] == 0 and s.killed[-1] == (t3.pid, 9)
    assert out(s, ["kill", "99999"]) == (1, "", "kill: (99999): No such process\n")
    assert out(s, ["kill", "-FOO", "1"]) == (1, "", "kill: unknown signal: FOO\n")


def test_sysinfo(s):
    assert out(s, ["getconf", "PAGESIZE"]) == (0, "4096\n", "")
    assert out(s, ["getconf", "PAGE_SIZE"])[1] == "4096\n"
    assert out(s, ["getconf", "_NPROCESSORS_ONLN"])[1] == "4\n"
    assert out(s, ["getconf", "NOPE"]) == (2, "", "getconf: Unrecognized variable `NOPE'\n")
    assert out(s, ["nproc"])[1] == "4\n"
    assert out(s, ["uname"])[1] == "Linux\n"
    assert out(s, ["uname", "-r"])[1] == "5.13.0-memcgsim\n"
    assert out(s, ["uname", "-m"])[1] == "x86_64\n"
    assert out(s, ["uname", "-s", "-r"])[1] == "Linux 5.13.0-memcgsim\n"
    assert out(s, ["uname", "-a"])[1].startswith("Linux localhost 5.13.0-memcgsim ")
    assert out(s, ["id", "-u"])[1] == "0\n"
    assert out(s, ["id", "-un"])[1] == "root\n"
    assert out(s, ["id"])[1] == "uid=0(root) gid=0(root) groups=0(root)\n"
    assert out(s, ["sync"]) == (0, "", "")


def test_printf_echo_test_externals(s):
    assert out(s, ["printf", "%s-%d\\n", "a", "5", "b", "6"])[1] == "a-5\nb-6\n"
    assert out(s, ["printf", "%64d|", "7"])[1] == " " * 63 + "7|"
    assert out(s, ["printf", "%d\\n", "x"]) == (1, "0\n", "printf: x: invalid number\n")
    assert out(s, ["echo", "-n", "a", "b"])[1] == "a b"
    assert out(s, ["echo", "-e", "a\\tb"])[1] == "a\tb\n"
    assert out(s, ["echo", "a\\tb"])[1] == "a\\tb\n"
    assert out(s, ["true"])[0] == 0 and out(s, ["false"])[0] == 1
    s.mkdir_p("/tmp/d")
    assert out(s, ["test", "-d", "/tmp/d"])[0] == 0
    assert out(s, ["[", "-e", "/nope", "]"])[0] == 1
    assert out(s, ["[", "3", "-lt", "4", "]"])[0] == 0
    assert out(s, ["[", "3", "-lt", "4"]) == (2, "", "[: missing ']'\n")
    assert out(s, ["test", "a", "-eq", "1"]) == (2, "", "test: invalid integer 'a'\n")


def test_shared_helpers():
    assert format_printf("%s=%s\\n", ["a"]) == ("a=\n", [])
    assert format_printf("%q", ["a b"]) == ("a\\ b", [])
    assert format_printf("%b", ["x\\ny"]) == ("x\ny", [])
    assert format_printf("\\101%%", []) == ("A%", [])
    assert eval_test(["-n", "x", "-a", "!", "-z", "x"], lambda p: None) is True
    assert eval_test(["(", "1", "=", "2", ")", "-o", "x"], lambda p: None) is True


def test_ps_option_clusters_and_full_format():
    """procps takes Unix options clustered (-ef, -eo LIST); -f's columns; kernel
    threads (no command line) show as [comm]."""
    from memcgsim import Kernel
    from memcgsim.shell.interp import run_script
    k = Kernel(design="6.1", cgroup="v2")
    r = run_script(k, "sleep 70 & sleep 61; ps -ef; ps -eo pid,comm; ps -p1 -o comm=", "t")
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    assert lines[2].split() == ["root", "2", "0", "0", "00:00", "?", "00:00:00", "[kworker/0:1]"]
    assert [ln.split()[-3:] for ln in lines if ln.endswith("sleep 70")] == [["00:00:00", "sleep", "70"]]
    assert [ln for ln in lines if ln.endswith("ps -ef")][0].split()[4] == "00:01"
    assert "    2 kworker/0:1" in lines and lines[-1] == "init"


def test_sysctl_reads_and_writes_proc_sys():
    """procps-ng sysctl: KEY=VALUE writes (and echoes), KEY reads, a write-only key
    reads as nothing, an unknown one names its file; drop_caches drops."""
    from memcgsim import Kernel
    from memcgsim.shell.interp import run_script
    k = Kernel(design="6.1", cgroup="v2")
    r = run_script(k, "cat /bin/ls >/dev/null; for i in 1 2 3; do [ -e /nope$i ]; done\n"
                      "sysctl -n fs.dentry-state | cut -f1; sysctl vm.drop_caches; echo $?\n"
                      "sysctl vm.drop_caches=2; sysctl -n fs.dentry-state | cut -f1\n"
                      "sysctl no.such; echo $?; sysctl -q -w vm/drop_caches=3; ls -l /proc/sys/vm",
                   "s")
    lines = r.stdout.splitlines()
    # nr_dentry: the boot's and the model's; drop_caches 2 frees the three negative
    # dentries and the unused files' (/bin/ls's, the script's)
    assert lines[1:3] == ["0", "vm.drop_caches = 2"]
    assert int(lines[3]) <= int(lines[0]) - 3
    drop = next(l for l in lines[6:] if l.endswith(" drop_caches"))
    assert lines[4:6] == ["1", "total 0"] and drop.startswith("--w------- 1 root root 0 ")
    assert lines[6].endswith(" admin_reserve_kbytes")   # every vm sysctl the guests list
    assert r.stderr == "sysctl: cannot stat /proc/sys/no/such: No such file or directory\n"


def test_ps_reads_proc_pid_stat_and_cgroup():
    """ps's columns from /proc/PID/stat (pgid, sid, psr, vsz, rss, stat) and
    /proc/PID/cgroup (the non-root lines, comma-joined; "-" for none)."""
    from memcgsim import Kernel
    from memcgsim.shell.interp import run_script
    k = Kernel(design="6.1", cgroup="v2")
    r = run_script(k, "mkdir /sys/fs/cgroup/t\nsleep 10 & p=$!\necho $p > /sys/fs/cgroup/t/cgroup.procs\n"
                      "ps -o pgid=,sid=,psr=,vsz=,rss=,stat=,cgroup= -p $p,1\necho $p\n", "t")
    *rows, pid = r.stdout.splitlines()
    t = k.tasks[int(pid)]
    # the rss the mm's counters hold (fork.py get_mm_rss: the split RSS cache left
    # out), the exec's argument page of each: 4 kB, as the guests' sleep shows
    # (vsz: total_vm, the pages of the mm's areas: fs/procmaps.py, the guests'
    # busybox sleep's 2260 kB)
    from memcgsim.fs.procmaps import vm_sizes
    from memcgsim.kernel.fork import get_mm_rss
    rss = get_mm_rss(t.mm) * 4
    init_rss = get_mm_rss(k.tasks[1].mm) * 4
    assert init_rss == rss == 4
    vsz, init_vsz = vm_sizes(k, t)[0] * 4, vm_sizes(k, k.tasks[1])[0] * 4
    assert vsz == 2260
    assert rows == [f"    0     0   0 {init_vsz:6d} {init_rss:5d} S    -",
                    f"    0     0   {t.cpu} {vsz:6d} {rss:5d} S    0::/t"]
