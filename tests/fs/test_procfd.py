"""/proc's names and a process's descriptors in the model (fs/proc_tree.py written by
tools/proc_tree.py, fs/procfd.py, fs/procfs.py; docs/fidelity.md items 270-272),
against what the guests showed (tools/sizes/recordings/proc-tree--K-V.txt)."""
import pathlib
import subprocess
import sys

import pytest

import memcgsim
from memcgsim.fs import proc_tree

ROOT = pathlib.Path(__file__).resolve().parents[2]
GUEST = dict(init="busybox", userland="busybox", cgroup="v2")


def test_proc_tree_is_the_generators_output():
    """fs/proc_tree.py is what tools/proc_tree.py writes from the recordings."""
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "proc_tree.py")],
                         capture_output=True, text=True, check=True).stdout
    assert out == (ROOT / "src" / "memcgsim" / "fs" / "proc_tree.py").read_text()


@pytest.mark.parametrize("kernel,only", [("5.10", "sched_debug"), ("6.1", "ksm_stat")])
def test_proc_lists_the_guests_names(kernel, only):
    """/proc lists the boot's entries (57 on 6.1, 58 on 5.10 with sched_debug) and
    the pids; /proc/PID the process's 56 (6.1: ksm_stat, ksm_merging_pages) or 54."""
    r = memcgsim.run("ls /proc | grep -vc '^[0-9]'; ls /proc/$$ | wc -l\n"
                     "ls /proc /proc/$$ | grep -c -x " + only + "\n"
                     "stat -c '%F %a %h' /proc/net /proc/irq /proc/sysrq-trigger\n"
                     "readlink /proc/mounts; stat -L -c %F /proc/mounts\n", kernel=kernel, **GUEST)
    n_root, n_pid = len(proc_tree.ROOT[kernel]), len(proc_tree.TGID[kernel])
    assert (n_root, n_pid) == ((58, 54) if kernel == "5.10" else (57, 56))
    assert r.stdout == (f"{n_root}\n{n_pid}\n1\nsymbolic link 777 1\ndirectory 555 21\n"
                        "regular empty file 200 1\nself/mounts\nregular empty file\n")


@pytest.mark.parametrize("kernel", ["5.10", "6.1"])
def test_fd_links_and_fdinfo(kernel):
    """A shell's descriptors as links with their access modes (size 64), fdinfo's
    pos, flags (O_LARGEFILE, O_APPEND) and, on 6.1, ino; a closed one is gone."""
    r = memcgsim.run("exec 3>/tmp/a 4</etc/passwd 5>>/tmp/a; echo hi >&3\n"
                     "ls /proc/$$/fd | tr '\\n' ' '; echo\n"
                     "stat -c '%a %s' /proc/$$/fd/3 /proc/$$/fd/4; readlink /proc/$$/fd/5\n"
                     "cat /proc/$$/fdinfo/3 /proc/$$/fdinfo/5 | grep -v mnt_id\n"
                     "stat -c %a /proc/$$/fdinfo /proc/$$/fdinfo/3; stat -L -c %s /proc/$$/fd/3\n"
                     "exec 3>&-; readlink /proc/$$/fd/3; echo rc=$?\n", kernel=kernel, **GUEST)
    ino = "" if kernel == "5.10" else r.stdout.split("ino:\t")[1].split("\n")[0]
    assert ino == "" or ino.isdigit()
    ino_line = "" if kernel == "5.10" else f"ino:\t{ino}\n"
    info = f"pos:\t3\nflags:\t0100001\n{ino_line}pos:\t0\nflags:\t0102001\n{ino_line}"
    modes = "500\n400\n" if kernel == "5.10" else "555\n444\n"
    assert r.stdout == ("0 1 2 3 4 5 \n300 64\n500 64\n/tmp/a\n" + info + modes + "3\nrc=1\n")


def test_forked_command_sees_its_redirections_the_shell_not():
    """bash applies a command's redirections in the child: the shell's own table is
    unchanged meanwhile, the child's has them; a pipeline stage's input is a pipe."""
    r = memcgsim.run("ls -l /proc/$$/fd > /tmp/o; awk '{print $NF}' /tmp/o\n"
                     "readlink /proc/self/fd/1 > /tmp/o; cat /tmp/o\n"
                     "echo | readlink /proc/self/fd/0 | sed 's/[0-9]//g'\n", kernel="6.1", **GUEST)
    assert r.stdout == "0\n/dev/null\n/dev/console\n/dev/console\n/tmp/o\npipe:[]\n"


def test_function_in_a_subshell_execs_only_its_last_command():
    """`( f )`: only the body's last simple command is exec'ed in place
    (``optimize_shell_function``), a program before it is forked:
    /proc/$BASHPID/exe is the subshell's bash, then readlink's busybox."""
    r = memcgsim.run("f() { readlink /proc/$BASHPID/exe; true; }; ( f )\n"
                     "g() { readlink /proc/$BASHPID/exe; }; ( g ); echo $(g)\n",
                     kernel="6.1", **GUEST)
    assert r.stdout == "/bin/bash\n/bin/busybox\n/bin/busybox\n"


def test_sysfs_directories_count_their_subdirectories():
    """kernfs: a directory's links are 2 + its subdirectories (/sys 13, /sys/fs 6 on
    both guests: tools/sizes/recordings/proc-tree--*)."""
    r = memcgsim.run("stat -c %h /sys /sys/fs /sys/fs/cgroup\n", kernel="6.1", **GUEST)
    assert r.stdout == "13\n6\n2\n"


@pytest.mark.parametrize("kernel", ["5.10", "6.1"])
def test_proc_root_links_count_the_processes(kernel):
    """/proc's links: 2 + its 10 directories + the processes (``proc_root_getattr``);
    stat runs beside the shell and the model's 3 boot tasks; the glob is expanded
    by the shell before it forks ls."""
    r = memcgsim.run("stat -c %h /proc; ls -d /proc/[0-9]* >/tmp/l; wc -l </tmp/l\n"
                     "sleep 1 & stat -c %h /proc\n", kernel=kernel, **GUEST)
    assert r.stdout == "17\n4\n18\n"


# -- session 38 (userland38): docs/fidelity.md items 286-289, recordings
# tests/conformance/recordings/userland-proc2*--K-V.txt

def test_script_input_offsets():
    """bash's buffered reads of its script (shell/scriptinput.py): a buffer of the
    file's size (at most 8192) read when the parser has taken all of it, the offset
    seeked back to what it took at each fork."""
    from memcgsim.shell.scriptinput import ScriptInput
    s = ScriptInput("a\nbb\nccc\n", prefix=4)        # lines end at 6, 9, 13
    s.take_through(1)
    assert (s.pos, s.taken) == (13, 6)
    s.sync()
    assert s.pos == 6
    s.take_through(2)
    assert s.pos == 13
    big = ScriptInput("x" * 9999 + "\n" + "y\n")       # 10002 bytes: buffers of 8192
    big.take_through(1)
    assert big.pos == 10002 and big.bufsize == 8192
    big.sync()
    big.take_through(2)
    assert big.pos == 10002
    assert ScriptInput("").bufsize == 1
    # a here-document's body is read with the line of its operator
    hd = ScriptInput("cat <<E\nx\nE\necho\n")
    hd.take_through(1)
    hd.sync()
    assert hd.pos == 12


def _guest(script: str, kernel: str = "6.1") -> str:
    from memcgsim.oracle.cli import run_model
    res = run_model(script, "t.sh", kernel, "v2", 2)
    assert res.stderr == ""
    return res.stdout


def test_script_fd_offset_in_the_guest():
    """fd 255's pos: the oracle's copy of the script (56 bytes of RUN_PREFIX first)
    through the line a forked reader was started on; a job started before a line
    that forks nothing sees the whole file read."""
    script = ("grep pos /proc/$$/fdinfo/255\n"
              "(sleep 0.2; grep pos /proc/$$/fdinfo/255) &\n"
              "wait\n")
    assert _guest(script) == f"pos:\t{56 + 29}\npos:\t{56 + len(script)}\n"


@pytest.mark.parametrize("kernel,pipefs",
                         [("5.10", 13), ("5.12", 14), ("5.13", 14), ("6.1", 14)])
def test_init_descriptors_and_a_pipes_mount(kernel, pipefs):
    """The guests' init (``busybox sh /init``): the script's stdio at 0-2, /init
    read to its end at 10, the rootfs's console saved at 11-13; a pipe's mnt_id is
    pipefs' internal mount's (5.12 on: iomem's pin before it, designs ``BOOT_MOUNTS``)."""
    out = _guest("ls /proc/1/fd | tr '\\n' ' '; echo; tr '\\0' ' ' </proc/1/cmdline; echo\n"
                 "for f in 0 10 11; do grep -E '^(pos|flags|mnt_id)' /proc/1/fdinfo/$f |"
                 " tr '\\n\\t' '  '; echo; done; readlink /proc/1/fd/10; readlink /proc/1/fd/13\n"
                 "sleep 1 | sleep 1 & sleep 0.2; grep mnt_id /proc/$!/fdinfo/0; wait\n", kernel)
    assert out == ("0 1 10 11 12 13 2 \n/bin/busybox sh /init \n"
                   "pos: 0 flags: 0100000 mnt_id: 24 \npos: 1534 flags: 02100000 mnt_id: 1 \n"
                   "pos: 0 flags: 02000002 mnt_id: 1 \n/init\n/dev/console\n"
                   f"mnt_id:\t{pipefs}\n")


def test_zombie_in_proc():
    """A child its parent (an exec'd sleep) does not wait for: listed in /proc,
    State Z, Threads 1 (not released), no descriptors, no cmdline, statm zeros."""
    out = _guest("( sleep 0.1 & echo $! >/tmp/z; exec sleep 2 ) & sleep 0.5; z=$(cat /tmp/z)\n"
                 "ls /proc | grep -cx $z; grep -E '^(State|Threads)' /proc/$z/status\n"
                 "ls /proc/$z/fd | wc -l; wc -c </proc/$z/cmdline; cat /proc/$z/statm\n"
                 "kill $!; wait\n")
    assert out == "1\nState:\tZ (zombie)\nThreads:\t1\n0\n0\n0 0 0 0 0 0 0\n"


def test_sigq_counts_queued_signals():
    """SigQ: the signals queued for all root's tasks (a stopped sleep's SIGUSR1),
    in every task's status."""
    out = _guest("sleep 2 & s=$!; kill -STOP $s; sleep 0.1; kill -USR1 $s; sleep 0.1\n"
                 "grep -h SigQ /proc/$s/status /proc/$$/status | cut -d/ -f1\n"
                 "{ kill -CONT $s; wait; } 2>/dev/null; grep SigQ /proc/$$/status | cut -d/ -f1\n")
    assert out == "SigQ:\t1\nSigQ:\t1\nSigQ:\t0\n"


@pytest.mark.parametrize("guest", [True, False])
def test_ls_of_its_own_fd_directory(guest):
    """``ls -l /proc/self/fd``: the directory ``opendir`` holds is listed and stat'd
    while open (fd 3, ``flags 02304000``); GNU ls reads its link then too, busybox ls
    after ``closedir`` ("cannot read link"), as the hosts' ls do; the shell's own
    table never shows it."""
    r = memcgsim.run("ls -l /proc/self/fd > /tmp/o 2> /tmp/e; sed 's/.* 3 -> /3 -> /' /tmp/o | tail -1; cat /tmp/e\n"
                     "ls /proc/$$/fd | tr '\\n' ' '; echo\n", kernel="6.1", **(GUEST if guest else {}))
    lines = r.stdout.splitlines()
    assert lines[-1] == "0 1 2 "
    if guest:
        last, err = lines[-3:-1]
        assert (last[:10], last.split()[-1]) == ("lr-x------", "3")
        assert err == "ls: /proc/self/fd/3: cannot read link: No such file or directory"
    else:
        link = lines[-2]
        assert link.startswith("3 -> /proc/") and link.endswith("/fd") and link[11:-3].isdigit()
