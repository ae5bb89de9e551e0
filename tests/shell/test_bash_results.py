"""What the model's shell prints where no host bash can check it (the model's own
file systems and cgroups), and the run's "not modelled" summary."""
from memcgsim import Kernel
from memcgsim.shell import run_script
from memcgsim.shell.pattern import compile_pattern


def run(text: str, cgroup: str = "v2"):
    return run_script(Kernel(design="6.1", cgroup=cgroup), text, "t.sh")


def test_stat_f_names_the_models_filesystems_as_gnu_stat():
    r = run("stat -f -c %T /sys/fs/cgroup/ /proc /sys/fs/bpf /dev/shm /\n"
            "stat -fc '%t %l %s %b %c' /sys/fs/cgroup/memory.stat\nstat -f /proc\n")
    assert r.stdout == ("cgroup2fs\nproc\nbpf_fs\ntmpfs\next2/ext3\n63677270 255 4096 0 0\n"
                        '  File: "/proc"\n    ID: 0        Namelen: 255     Type: proc\n'
                        "Block size: 4096       Fundamental block size: 4096\n"
                        "Blocks: Total: 0          Free: 0          Available: 0\n"
                        "Inodes: Total: 0          Free: 0\n")
    assert (r.stderr, r.status) == ("", 0)


def test_stat_f_refuses_counts_it_does_not_model():
    r = run("stat -f /dev; echo $?; stat -f -c %T /nope; echo $?\n")
    assert r.stdout == "1\n1\n"
    assert r.stderr == ("stat: /dev: block and inode counts of devtmpfs are not modelled (memcgsim)\n"
                        "stat: cannot read file system information for '/nope': No such file or directory\n")


def test_stat_f_on_cgroup_v1():
    r = run("stat -fc %T /sys/fs/cgroup/memory\n", cgroup="v1")
    assert r.stdout in ("cgroupfs\n",), r.stdout + r.stderr


def test_commands_not_found_are_counted_for_the_run():
    r = run("systemd-run --scope true\nsystemd-run x | cat\n(foo)\nbash -c foo\nsystemd-run\n")
    assert r.not_modelled == {"systemd-run": 3, "foo": 2}
    assert r.not_modelled_line() == "not modelled: systemd-run (3 calls), foo (2 calls)\n"
    assert run("true\n").not_modelled_line() == ""


def test_pattern_literal_and_star_laws():
    for s in ["", "a", "a*b", "[x]", "é", "a\nb"]:
        assert compile_pattern([(s, True)]).fullmatch(s)
        assert compile_pattern("*").fullmatch(s)
        assert not compile_pattern([(s + "x", True)]).fullmatch(s)
    assert compile_pattern("!(a*)", extglob=True).search("xab") == (0, 3)


def test_od_refuses_floating_point_types():
    r = run("printf abcd | od -tf4; echo $?\n")
    assert (r.stdout, r.stderr) == ("1\n", "od: floating-point types are not modelled (memcgsim)\n")


def test_readlink_proc_self_is_the_readers_pid():
    r = run("readlink /proc/self /proc/thread-self; echo $BASHPID\n")
    pid, tpid, shell = r.stdout.split()
    assert int(pid) > int(shell) and tpid == f"{pid}/task/{pid}"


def test_memcgsim_run_ends_with_the_not_modelled_line(tmp_path, capsys):
    from memcgsim.cli import main
    script = tmp_path / "t.sh"
    script.write_text("echo start\nsystemd-run --scope true\nsystemd-run x\njq .\necho end\n")
    assert main(["run", str(script)]) == 0
    out, err = capsys.readouterr()
    assert out == "start\nend\n"
    assert err.splitlines() == ["t.sh: line 2: systemd-run: command not found",
                                "t.sh: line 3: systemd-run: command not found",
                                "t.sh: line 4: jq: command not found",
                                "not modelled: systemd-run (2 calls), jq (1 call)"]
