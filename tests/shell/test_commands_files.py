"""File commands against the fake SysAPI: messages and statuses as GNU's."""
import pytest

from fakesys_commands import FakeSys, run


@pytest.fixture
def s():
    s = FakeSys()
    s.mkdir_p("/cg")
    s.put("/cg/memory.current", "4096\n")
    return s


def out(s, argv, stdin=b"", **kw):
    r = run(s, argv, stdin, **kw)
    return r.status, r.out, r.err


def test_cat(s):
    assert out(s, ["cat", "/cg/memory.current"]) == (0, "4096\n", "")
    assert out(s, ["cat"], "in\n") == (0, "in\n", "")
    assert out(s, ["cat", "-", "/cg/memory.current"], "a\n")[1] == "a\n4096\n"
    assert out(s, ["cat", "/nope"]) == (1, "", "cat: /nope: No such file or directory\n")
    assert out(s, ["cat", "/cg"]) == (1, "", "cat: /cg: Is a directory\n")
    assert out(s, ["cat", "memory.current"], cwd="/cg")[1] == "4096\n"
    assert out(s, ["cat", "-n"], "a\nb\n")[1] == "     1\ta\n     2\tb\n"


def test_cat_reads_big_files_in_chunks(s):
    s.put("/tmp/big", bytes(1 << 20))
    r = run(s, ["cat", "/tmp/big"])
    assert len(r.out) == 1 << 20 and r.writes == 8  # 128 KiB reads, one write each


def test_cat_write_error(s):
    s.write_error = 22
    f = s.open("/tmp/sink", "w", None)
    from fakesys_commands import InBytes
    from memcgsim.shell.commands import COMMANDS
    from memcgsim.shell.context import CommandContext
    errs = []

    class Err:
        def write(self, d):
            errs.append(d)
    ctx = CommandContext(s, s.spawn(), ["cat", "/cg/memory.current"], {}, "/", InBytes(), f, Err())
    assert COMMANDS["cat"](ctx) == 1
    assert errs == ["cat: write error: Invalid argument\n"]


def test_mkdir_rmdir(s):
    assert out(s, ["mkdir", "/tmp/a"]) == (0, "", "")
    assert out(s, ["mkdir", "/tmp/a"]) == (1, "", "mkdir: cannot create directory '/tmp/a': File exists\n")
    assert out(s, ["mkdir", "/tmp/x/y"]) == (1, "", "mkdir: cannot create directory '/tmp/x/y': No such file or directory\n")
    assert out(s, ["mkdir", "-p", "/tmp/x/y/z", "/tmp/a"]) == (0, "", "")
    assert out(s, ["mkdir", "-m", "700", "/tmp/m"])[0] == 0
    assert s.stat("/tmp/m", None).st_mode & 0o777 == 0o700
    assert out(s, ["mkdir", "rel"], cwd="/tmp")[0] == 0 and "rel" in s.listdir("/tmp", None)
    st, o, e = out(s, ["mkdir"])
    assert (st, e) == (1, "mkdir: missing operand\nTry 'mkdir --help' for more information.\n")
    st, o, e = out(s, ["mkdir", "-Z", "x"])
    assert (st, e) == (1, "mkdir: invalid option -- 'Z'\nTry 'mkdir --help' for more information.\n")
    s.busy.add("/tmp/a")
    assert out(s, ["rmdir", "/tmp/a"]) == (1, "", "rmdir: failed to remove '/tmp/a': Device or resource busy\n")
    assert out(s, ["rmdir", "/tmp/x"]) == (1, "", "rmdir: failed to remove '/tmp/x': Directory not empty\n")
    assert out(s, ["rmdir", "/tmp/nope"]) == (1, "", "rmdir: failed to remove '/tmp/nope': No such file or directory\n")
    assert out(s, ["rmdir", "/tmp/x/y/z", "/tmp/x/y", "/tmp/x"]) == (0, "", "")
    assert out(s, ["mkdir", "-p", "/tmp/p/q"])[0] == 0
    assert out(s, ["rmdir", "-p", "/tmp/p/q"]) == (1, "", "rmdir: failed to remove '/tmp': Directory not empty\n")
    assert "p" not in s.listdir("/tmp", None)


def test_rm(s):
    s.put("/tmp/f", "x")
    assert out(s, ["rm", "/tmp/f"]) == (0, "", "")
    assert out(s, ["rm", "/tmp/f"]) == (1, "", "rm: cannot remove '/tmp/f': No such file or directory\n")
    assert out(s, ["rm", "-f", "/tmp/f"]) == (0, "", "")
    assert out(s, ["rm", "/tmp"]) == (1, "", "rm: cannot remove '/tmp': Is a directory\n")
    s.mkdir_p("/tmp/d/e")
    s.put("/tmp/d/e/f", "x")
    assert out(s, ["rm", "-rf", "/tmp/d"]) == (0, "", "")
    assert "d" not in s.listdir("/tmp", None)
    assert out(s, ["rm"])[0] == 1 and out(s, ["rm", "-f"])[0] == 0


def test_touch_truncate(s):
    assert out(s, ["touch", "/tmp/t"]) == (0, "", "") and s.get("/tmp/t") == b""
    assert out(s, ["truncate", "-s", "50M", "/tmp/t"]) == (0, "", "")
    assert len(s.get("/tmp/t")) == 50 << 20
    assert out(s, ["truncate", "-s", "1K", "/tmp/t"])[0] == 0 and len(s.get("/tmp/t")) == 1024
    assert out(s, ["truncate", "-s", "+1K", "/tmp/t"])[0] == 0 and len(s.get("/tmp/t")) == 2048
    assert out(s, ["truncate", "-s", "3M", "/tmp/u"])[0] == 0
    assert s.stat("/tmp/u", None).st_size == 3 << 20
    st, o, e = out(s, ["truncate", "/tmp/t"])
    assert st == 1 and e.startswith("truncate: you must specify either '--size' or '--reference'\n")
    st, o, e = out(s, ["truncate", "-s", "1Q", "/tmp/t"])
    assert st == 1 and e == "truncate: Invalid number: '1Q'\n"
    assert out(s, ["truncate", "-s", "1", "/nodir/f"]) == (
        1, "", "truncate: cannot open '/nodir/f' for writing: No such file or directory\n")
    assert out(s, ["touch", "/nodir/f"]) == (1, "", "touch: cannot touch '/nodir/f': No such file or directory\n")


def test_cp_tee(s):
    assert out(s, ["cp", "/cg/memory.current", "/tmp/c"]) == (0, "", "")
    assert s.get("/tmp/c") == b"4096\n"
    assert out(s, ["cp", "/cg/memory.current", "/tmp"]) == (0, "", "")
    assert s.get("/tmp/memory.current") == b"4096\n"
    assert out(s, ["cp", "/nope", "/tmp"]) == (1, "", "cp: cannot stat '/nope': No such file or directory\n")
    assert out(s, ["cp", "/cg", "/tmp"]) == (1, "", "cp: -r not specified; omitting directory '/cg'\n")
    assert out(s, ["tee", "/tmp/t1", "/tmp/t2"], "hi\n") == (0, "hi\n", "")
    assert s.get("/tmp/t1") == s.get("/tmp/t2") == b"hi\n"
    assert out(s, ["tee", "-a", "/tmp/t1"], "more\n")[0] == 0
    assert s.get("/tmp/t1") == b"hi\nmore\n"
    assert out(s, ["tee", "/nodir/x"], "a\n") == (1, "a\n", "tee: /nodir/x: No such file or directory\n")


def test_dd(s):
    s.put("/proc/kpagecgroup", bytes(8 * 1000))
    st, o, e = out(s, ["dd", "if=/proc/kpagecgroup", "of=/dev/null", "bs=1024"])
    assert st == 0 and o == ""
    assert e.startswith("7+1 records in\n7+1 records out\n8000 bytes (8.0 kB, 7.8 KiB) copied, ")
    assert s.reads[-9:] == [1024] * 7 + [832, 0]  # 1 KiB reads until EOF
    st, o, e = out(s, ["dd", "if=/dev/zero", "bs=1K", "count=2", "status=none"])
    assert (st, len(o), e) == (0, 2048, "")
    assert out(s, ["dd", "if=/nope"]) == (1, "", "dd: failed to open '/nope': No such file or directory\n")
    st, o, e = out(s, ["dd", "if=/dev/zero", "of=/tmp/z", "bs=100", "count=3"])
    assert e.startswith("3+0 records in\n3+0 records out\n300 bytes copied, ") and len(s.get("/tmp/z")) == 300
    st, o, e = out(s, ["dd", "foo=bar"])
    assert st == 1 and e.startswith("dd: unrecognized operand 'foo=bar'\n")


def test_ls_stat(s):
    s.put("/cg/.hidden", "")
    assert out(s, ["ls", "/cg"]) == (0, "memory.current\n", "")
    assert out(s, ["ls", "-a", "/cg"])[1] == ".\n..\n.hidden\nmemory.current\n"
    assert out(s, ["ls", "/cg/memory.current"])[1] == "/cg/memory.current\n"
    assert out(s, ["ls", "/nope"]) == (2, "", "ls: cannot access '/nope': No such file or directory\n")
    assert out(s, ["ls", "-l", "/cg"])[1].splitlines()[1].startswith("-rw-r--r-- 1 root root 5 ")
    st, o, e = out(s, ["stat", "-c", "%s %n %F", "/cg/memory.current", "/cg"])
    assert o == "5 /cg/memory.current regular file\n0 /cg directory\n"
    ino = s.stat("/cg", None).st_ino
    assert out(s, ["stat", "-c", "%i", "/cg"])[1] == f"{ino}\n"
    assert out(s, ["stat", "/nope"]) == (1, "", "stat: cannot statx '/nope': No such file or directory\n")


def test_mount(s):
    s.mkdir_p("/mnt/t")
    assert out(s, ["mount", "-t", "tmpfs", "-o", "size=10M", "none", "/mnt/t"]) == (0, "", "")
    assert s.mounts == [("tmpfs", "none", "/mnt/t", "size=10M")]
    assert out(s, ["mount", "-t", "tmpfs", "none", "/mnt/nope"]) == (
        32, "", "mount: /mnt/nope: mount point does not exist.\n")
    assert out(s, ["mount", "-t", "bogus", "none", "/mnt/t"])[0] == 32


def test_basename_dirname(s):
    assert out(s, ["basename", "/a/b/c.txt", ".txt"])[1] == "c\n"
    assert out(s, ["basename", "/a/b/"])[1] == "b\n"
    assert out(s, ["basename", "/"])[1] == "/\n"
    assert out(s, ["basename", "-a", "/x/y", "z"])[1] == "y\nz\n"
    assert out(s, ["dirname", "/a/b/c", "c", "/a", "a/b/"])[1] == "/a/b\n.\n/\na\n"
    assert out(s, ["basename"])[0] == 1


def test_ls_F_and_R_as_gnu_ls(tmp_path):
    """``ls -F`` indicators and ``ls -R``'s listing, against the host's GNU ls on the
    same tree (made under a temporary directory of the host and in the model)."""
    import shutil
    import subprocess
    from memcgsim import Kernel
    from memcgsim.shell.interp import run_script
    if shutil.which("ls") is None:
        pytest.skip("no ls on this machine")
    script = ("mkdir -p t/a/b t/c && touch t/f t/a/g && cd t && "
              "ls -F; echo =; ls -R; echo =; ls -RF a c; echo =; ls -F f a; echo =; ls -1R .")
    host = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True,
                          text=True, env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    r = run_script(Kernel(design="6.1", cgroup="v2"), "cd /tmp && " + script, "ls.sh")
    assert (r.stdout, r.stderr) == (host.stdout, host.stderr)


def test_pidof_omits_and_finds_scripts():
    from memcgsim import Kernel
    from memcgsim.shell.interp import run_script
    k = Kernel(design="6.1", cgroup="v2")
    r = run_script(k, "sleep 30 & a=$!; sleep 1; sleep 31 & sleep 1\n"
                      "pidof sleep; pidof -o $a sleep; pidof -o %PPID bash; echo $?\n"
                      "echo 'sleep 9' > /tmp/job.sh; bash /tmp/job.sh & sleep 1\n"
                      "pidof job.sh; pidof -x job.sh; echo $!", "p.sh")
    lines = r.stdout.splitlines()
    b, a = lines[0].split()
    assert int(a) < int(b) and lines[1:3] == [b, "1"]
    # only -x finds the script's shell, $! of the last job
    assert lines[3] == lines[4] and len(lines) == 5
