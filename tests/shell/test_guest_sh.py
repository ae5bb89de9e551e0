"""What the guests run (docs/fidelity.md items 72, 80): their /bin/head and /bin/getconf are
busybox sh scripts run through an execve (oracle/guestbin.py, the texts the oracle's
image installs), and busybox sh runs its NOEXEC applets without one
(shell/commands/busybox_noexec.py); checked against the host's busybox 1.35."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import memcgsim
from memcgsim.machine import Kernel
from memcgsim.shell.commands.busybox_noexec import NOEXEC

busybox = pytest.mark.skipif(shutil.which("busybox") is None, reason="busybox is not installed")


def _execs(monkeypatch, script: str) -> list[tuple[str, str | None]]:
    """(path, interpreter) of every execve the model's busybox userland makes for
    ``script`` after the script's shell starts."""
    seen: list[tuple[str, str | None]] = []
    real = Kernel.exec

    def exec_(self, task, path, argv=None, interpreter=None):
        seen.append((path, interpreter))
        return real(self, task, path, argv, interpreter)
    monkeypatch.setattr(Kernel, "exec", exec_)
    memcgsim.run(script, init="busybox", userland="busybox")
    assert seen[0] == ("/bin/bash", None)       # the script's own bash
    return seen[1:]


def test_head_is_a_script_then_busybox(monkeypatch):
    """bash execs the head script (binfmt_script: busybox sh runs it, comm "head"),
    whose last line execs /bin/busybox head: two execves; busybox sh's own ``head``
    is its applet, and a NOEXEC one: none."""
    assert _execs(monkeypatch, "head -c 1K /dev/zero > /dev/null") == [
        ("head", "/bin/busybox"), ("/bin/busybox", None)]
    assert _execs(monkeypatch, "getconf PAGESIZE") == [("getconf", "/bin/busybox")]
    assert _execs(monkeypatch, "sh -c 'head -c 1k /dev/zero; exec dd if=/dev/null'") == [
        ("/bin/sh", None)]
    # sleep and cat are not NOEXEC: busybox sh execs them (/proc/self/exe)
    assert _execs(monkeypatch, "sh -c 'sleep 0; exec cat /dev/null'") == [
        ("/bin/sh", None), ("/bin/sleep", None), ("/bin/cat", None)]


@busybox
@pytest.mark.parametrize("cmd", ["head -c 1M /dev/zero | wc -c", "head -c 1m /dev/zero | wc -c",
                                 "exec dd if=/proc/self/comm 2>/dev/null",
                                 "dd if=/proc/self/comm 2>/dev/null; true",
                                 "exec cat /proc/self/comm"])
def test_busybox_sh_against_the_host(cmd):
    """busybox sh finds ``head`` as its applet (no GNU suffixes), and a NOEXEC applet
    names its task (``set_task_comm``) as an exec'd one is named."""
    host = subprocess.run(["busybox", "sh", "-c", cmd], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=10)
    r = memcgsim.run(f"sh -c '{cmd}'", init="busybox", userland="busybox")
    assert (r.stdout, r.stderr, r.status) == (host.stdout, host.stderr, host.returncode)


def test_noexec_table():
    """tools/busybox_noexec.py's probe of Debian's busybox 1.35: the applets whose
    sources say APPLET_NOEXEC or APPLET_NOFORK (both set the NOEXEC bit)."""
    assert {"dd", "head", "true", "echo", "test", "nproc", "taskset", "uname"} <= NOEXEC
    assert not {"sleep", "cat", "sh", "ash", "tail", "tr", "wc", "sed", "grep"} & NOEXEC
    assert len(NOEXEC) == 128


def test_busybox_sh_has_busybox_image():
    """``busybox sh`` (the guests' /bin/sh, and ``#!/bin/busybox sh``) runs busybox sh's
    image, the applet taken from argv[1] when busybox is run by its own name
    (docs/fidelity.md item 80: 14 anon pages, not bash's 64)."""
    from memcgsim.kernel.fork import GUEST_BUSYBOX_SH, GUEST_IMAGES, image_name
    assert image_name("/bin/head", ["/bin/busybox", "sh", "/bin/head", "-c1"],
                      "/bin/busybox") == "sh"
    assert image_name("/bin/busybox", ["/bin/busybox", "head"], None) == "head"
    assert image_name("/bin/sh", ["sh", "-c", ":"], None) == "sh"
    assert GUEST_IMAGES["sh"] is GUEST_BUSYBOX_SH and GUEST_BUSYBOX_SH.anon_pages == 14
    # an exec'd busybox sh in a fresh cgroup: its image's pages (the guests' 13-15,
    # calibration/recordings/busybox-sh-image--6.1-v2.txt: 61440 bytes), not bash's
    r = memcgsim.run("cd /sys/fs/cgroup; echo +memory > cgroup.subtree_control; mkdir s; "
                     "( echo $BASHPID > s/cgroup.procs; exec sh -c 'read x < s/memory.stat; echo $x' )",
                     init="busybox", userland="busybox", kernel="6.1", cgroup="v2")
    assert r.stdout == f"anon {14 * 4096}\n"


@busybox
@pytest.mark.parametrize("applet,forks", [("rmdir", 0), ("echo", 0), ("head", 1), ("cat", 1)])
def test_spawn_and_wait_against_the_host(applet, forks):
    """find -exec runs a NOFORK applet in find's process, others in a child: the
    host's busybox (``forks``: 0 for NOFORK, tools/busybox_noexec.py) and the model
    (pids allocated by one ``find -exec``, besides find's own) agree."""
    from memcgsim.shell.commands.busybox_noexec import NOFORK
    assert (applet in NOFORK) == (forks == 0)
    script = ("mkdir -p /tmp/d/a; read -r a < /proc/loadavg; "
              f"find /tmp/d -mindepth 1 -exec {applet} /tmp/d/a \\; >/dev/null 2>&1; "
              "read -r b < /proc/loadavg; echo $(( ${b##* } - ${a##* } ))")
    r = memcgsim.run(script, init="busybox", userland="busybox")
    assert r.stdout == f"{1 + forks}\n"


def _same_pid_pattern(out: str) -> list[bool]:
    """Each pair of printed pids: the same process or not."""
    pids = out.split()
    return [a == b for a, b in zip(pids[::2], pids[1::2])]


@busybox
@pytest.mark.parametrize("cmd", [
    'echo $$; cut -d" " -f1 /proc/self/stat 2>/dev/null',
    'echo $$; sleep 0 & cut -d" " -f1 /proc/self/stat',
    'echo $$; true && cut -d" " -f1 /proc/self/stat </dev/null',
    'echo $$; cut -d" " -f1 /proc/self/stat; true',
    '(cut -d" " -f4 /proc/self/stat; cut -d" " -f4 /proc/self/stat 2>/dev/null); echo $$',
])
def test_busybox_sh_execs_the_last_command_in_place(cmd):
    """ash.c ``evalstring``/``evaltree``: a ``sh -c`` string's last command, and a
    subshell's, runs in the shell's process (``EV_EXIT``) with redirections and
    after ``a &`` too, where bash forks (shell/interp.py ``_last_simple``)."""
    host = subprocess.run(["busybox", "sh", "-c", cmd], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=10)
    r = memcgsim.run(f"sh -c '{cmd}'", init="busybox", userland="busybox")
    assert _same_pid_pattern(r.stdout) == _same_pid_pattern(host.stdout)
    assert len(_same_pid_pattern(r.stdout)) >= 1


def _fork_faults(text: str) -> dict[str, tuple[int, int]]:
    """calibration/busybox-sh-fork-faults.sh's lines: kind -> (own, children), in
    tenths of a fault per fork."""
    out = {}
    for line in text.splitlines():
        if ": 40 forks, per fork: own " in line:
            kind, rest = line.split(":", 1)
            words = rest.split()
            out[kind] = (int(words[words.index("own") + 1]), int(words[words.index("children") + 1]))
    return out


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_busybox_sh_forks_fault_as_the_guests(design):
    """busybox sh's own faults per fork (about 10, not bash's 23) and its children's:
    a NOEXEC applet's 31 with or without a redirection, an exec'd one's 61, a
    subshell's 26 (docs/fidelity.md item 109, shell/malloc.py
    BUSYBOX_SH_FORK_PARENT_FAULTS...): within 1.5 faults a fork of either guest's
    recording (calibration/recordings/busybox-sh-fork-faults--K-v1.txt; the runs
    spread by 1)."""
    root = Path(__file__).resolve().parents[2] / "calibration"
    guests = [_fork_faults((root / f"recordings/busybox-sh-fork-faults--{k}-v1.txt").read_text())
              for k in ("5.10", "6.1")]
    r = memcgsim.run(root / "busybox-sh-fork-faults.sh", kernel=design, cgroup="v1",
                     init="busybox", userland="busybox")
    model = _fork_faults(r.stdout)
    assert set(model) == {"noexec", "noexec-redir", "exec", "subshell"}
    for kind, values in model.items():
        for i, v in enumerate(values):
            seen = [g[kind][i] for g in guests]
            assert min(seen) - 15 <= v <= max(seen) + 15, (kind, i, v, seen)


def _fork_pages(text: str) -> dict[str, int]:
    """calibration/busybox-noexec-pages.sh's lines: kind -> pgpgin per fork, in
    tenths of a page."""
    out = {}
    for line in text.splitlines():
        if " forks, per fork (tenths): pgpgin " in line:
            kind, rest = line.split(":", 1)
            words = rest.split()
            out[kind] = int(words[words.index("pgpgin") + 1])
    return out


def test_busybox_noexec_applets_charge_their_own_pages():
    """A NOEXEC applet run in busybox sh's fork charges its stdio's chunks in the
    child's copy of sh's arena and its exit's .data/.bss copies
    (shell/applet_pages.py), ash's fork the pages traced on both sides
    (shell/malloc.py ``busybox_sh_fork_writes``): the pages charged per fork (6.1,
    memory.stat pgpgin, exact: calibration/recordings/busybox-noexec-pages--6.1-v1.txt)
    within 2 of the guest's for each applet and a subshell, where the model
    charged 8 for every applet (the guests' 11-15)."""
    root = Path(__file__).resolve().parents[2] / "calibration"
    guest = _fork_pages((root / "recordings/busybox-noexec-pages--6.1-v1.txt").read_text())
    r = memcgsim.run(root / "busybox-noexec-pages.sh", kernel="6.1", cgroup="v1",
                     init="busybox", userland="busybox")
    model = _fork_pages(r.stdout)
    assert set(model) == set(guest) and len(model) == 11
    for kind, v in model.items():
        assert abs(v - guest[kind]) <= 20, (kind, v, guest[kind])


def test_job_head_pages_as_traced():
    """job1-v1.sh's ``head -c 200000 /dev/urandom > F`` in a busybox sh's fork: the
    child copies the TCB's heap page and 4 .data/.bss pages, its stdio takes 3 new
    heap pages, its exit copies 2 more; the parent copies its stack page and heap
    pages 1-2 (tools/sizes/recordings/job-tasks-trace--K-v1-2cpu-job1*.txt.gz, six
    runs: 10 and 3; the first run's head 33 faults)."""
    from memcgsim.kernel import mmap as mmap_mod
    writes: list[tuple[str, str, int]] = []
    real = mmap_mod.Mmap.handle_mm_fault

    def fault(self, tsk, area, first, last, ptes=False):
        vma = tsk.mm.vmas.get(area) if tsk.mm else None
        olds = [vma.pages.get(i) if vma else None for i in range(first, last + 1)]
        n = real(self, tsk, area, first, last, ptes)
        vma = tsk.mm.vmas.get(area) if tsk.mm else None
        writes.extend((tsk.pid, tsk.comm, area, i, o is None)
                      for i, o in zip(range(first, last + 1), olds)
                      if vma is not None and vma.pages.get(i) != o)
        return n
    mp = pytest.MonkeyPatch()
    mp.setattr(mmap_mod.Mmap, "handle_mm_fault", fault)
    try:
        r = memcgsim.run("M=/sys/fs/cgroup/memory; mkdir $M/j\n"
                         "sh -c \"echo \\$\\$ > $M/j/cgroup.procs; head -c 200000 /dev/urandom"
                         " > /tmp/f1; exit 0\"\n", kernel="6.1", cgroup="v1",
                         init="busybox", userland="busybox")
    finally:
        mp.undo()
    assert r.status == 0
    head = next(w[0] for w in writes if w[1] == "head")
    child = [w[2:] for w in writes if w[0] == head]
    assert sorted(child) == [("[data]", 2, False), ("[data]", 3, False), ("[data]", 4, False),
                             ("[data]", 5, False), ("[data]", 6, False), ("[data]", 7, False),
                             ("[heap]", 0, False), ("[heap]", 3, True), ("[heap]", 4, True),
                             ("[heap]", 5, True)]
    start = next(i for i, w in enumerate(writes) if w[1] == "sh")
    parent = [w[2:] for w in writes[start:] if w[0] == writes[start][0] and not w[4]]
    assert sorted(parent) == [("[heap]", 1, False), ("[heap]", 2, False), ("[stack]", 1, False)]


def test_busybox_sh_comsub_execs_a_redirected_command():
    """ash.c ``evalbackcmd`` runs a command substitution with ``EV_EXIT``: a simple
    command with a redirection is exec'd in the substitution's child (2 processes in
    the cgroup: the shell and wc), where bash 5.2 forks it (``should_optimize_fork``
    asks for no redirections: 3)."""
    text = ("C=/sys/fs/cgroup; echo +memory > $C/cgroup.subtree_control; mkdir $C/x\n"
            "echo $$ > $C/x/cgroup.procs\n"
            "echo \"bash $(wc -l < $C/x/cgroup.procs)\"\n"
            "busybox sh -c 'echo \"ash $(wc -l < /sys/fs/cgroup/x/cgroup.procs)\"'\n")
    r = memcgsim.run(text, cgroup="v2", init="busybox", userland="busybox")
    # under busybox sh the calling bash is in x too: bash, ash and wc
    assert r.stdout.split("\n")[:2] == ["bash 3", "ash 3"]


@pytest.mark.parametrize("userland,shell,prog", [("busybox", "/bin/bash", "/bin/busybox"),
                                                 ("gnu", "/usr/bin/bash", "/usr/bin/sleep")])
def test_proc_pid_exe_names_the_mapped_binary(userland, shell, prog):
    """``proc_exe_link``: the path of ``mm->exe_file`` (the guests' sleep is busybox);
    a kernel thread has no mm: ENOENT (novel-busybox-runtime reads the runtime's)."""
    r = memcgsim.run("readlink /proc/$$/exe; sleep 5 & readlink /proc/$!/exe; kill $!\n"
                     "readlink /proc/2/exe; echo $?\n", cgroup="v2", init="busybox",
                     userland=userland)
    assert r.stdout.split("\n")[:3] == [shell, prog, "1"]
