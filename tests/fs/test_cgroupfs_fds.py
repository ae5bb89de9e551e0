"""How scripts' writes and reads reach cgroupfs files, as the oracle's guests showed
them (recordings cgroupfs-write-tools*, dying-open-fds*): bash's line-buffered
builtins, busybox's cp and tee, refused stderr messages, kernfs seq_file reads
through descriptors kept open across an rmdir."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.shell import run_script

V2 = "C=/sys/fs/cgroup; echo +memory > $C/cgroup.subtree_control; cd $C; mkdir j\n"


def _run(text: str, err: bool = False) -> list[str]:
    """The script's output lines (stderr's after stdout's with ``err``)."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox", debug=True)
    r = run_script(k, V2 + text, "t.sh")
    return (r.stdout + (r.stderr if err else "")).splitlines()


@pytest.mark.parametrize("cmd,status,limit", [
    ("printf '%s\\n' 8M 9M > j/memory.max", 0, 9 << 20),       # 8M, then 9M
    ("printf '12M\\n\\n' > j/memory.max", 0, 0),               # 12M, then "" = 0
    ("printf 'bad\\n16M\\n' > j/memory.max 2>/dev/null", 1, 16 << 20),
    ("echo 64M 128M > j/memory.max 2>/dev/null", 1, None),     # one line: refused
])
def test_bash_builtins_write_line_by_line(cmd, status, limit):
    """shell.c sh_setlinebuf(stdout): each line a write() of its own; a refused line
    does not stop the next ones, the status is the failure's."""
    out = _run(f"{cmd}\necho \"st $?\"\ncat j/memory.max\n")
    assert out[0] == f"st {status}"
    assert out[1] == ("max" if limit is None else str(limit))


def test_refused_stderr_message_is_lost():
    """cat's "write error" to the same refusing file is lost (fprintf), status 1."""
    out = _run("echo bogus > /tmp/b\ncat /tmp/b > j/memory.max 2>&1\necho \"st $?\"\n")
    assert out == ["st 1"]


def test_busybox_cp_and_tee_messages():
    """libbb bb_copyfd: "cp: write error"; tee.c die_if_ferror: "FILE: I/O error"."""
    out = _run("printf '1M\\n2M\\n' > /tmp/two\ncp /tmp/two j/memory.max; echo \"cp $?\"\n"
               "echo 3X | tee j/memory.max > /dev/null; echo \"tee $?\"\n", err=True)
    assert out == ["cp 1", "tee 1", "cp: write error: Invalid argument",
                   "tee: j/memory.max: I/O error"]


def test_fds_open_across_rmdir():
    """kernfs: a read or write through a descriptor of a removed cgroup's file fails
    with ENODEV; bash's read puts the offset back, so its next read goes to the file."""
    out = _run("exec 3> j/memory.max 4< j/memory.stat\n"
               "read -r a <&4; echo \"first ${a%% *}\"\n"
               "rmdir j\n"
               "echo 1M >&3; echo \"write $?\"\n"
               "read -r b <&4; echo \"read $?\"\n", err=True)
    assert out == ["first anon", "write 1", "read 1",
                   "t.sh: line 5: echo: write error: No such device",
                   "t.sh: line 6: read: read error: 0: No such device"]


def test_read_fd_at_end_after_one_line():
    """A second read after the whole file (one line) reaches its end (status 1);
    after an lseek back to 0 by a new ``read`` of a longer file, the content is
    made again (the limit written between shows)."""
    out = _run("exec 4< j/memory.max\n"
               "read -r a <&4; echo \"$? $a\"\nread -r b <&4; echo \"$? [$b]\"\n"
               "exec 5< j/memory.stat\nread -r c <&5; echo 5M > j/memory.max\n"
               "read -r d <&5; echo \"${c%% *} ${d%% *}\"\n")
    assert out == ["0 max", "1 []", "anon file"]


def test_threaded_cgroup_procs_fails_at_the_read_not_the_open():
    """``cgroup_procs_start`` refuses a threaded cgroup's ``cgroup.procs``: the open
    succeeds (``kernfs_fop_open``), each read returns EOPNOTSUPP (``seq_read_iter``),
    so busybox wc names its standard input and counts 0 (novel-v2-internal-rules on
    both guests)."""
    out = _run("echo +pids > cgroup.subtree_control; mkdir q q/t\n"
               "echo threaded > q/t/cgroup.type\n"
               "wc -l < q/t/cgroup.procs; echo \"st $?\"\n"
               "exec 3< q/t/cgroup.procs; echo \"open $?\"\n"
               "read -r x <&3; echo \"read $?\"\n", err=True)
    assert out == ["0", "st 1", "open 0", "read 1",
                   "wc: standard input: Operation not supported",
                   "t.sh: line 6: read: read error: 0: Operation not supported"]
