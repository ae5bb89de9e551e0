"""/proc/PID/stat, statm and status (fs/procpid.py) against what the guests print
(tests/conformance/recordings/proc-pid-files--*: the conformance case compares the
fields the model keeps; these check the rest of the layout and the values the
model derives)."""
from __future__ import annotations

from memcgsim import Kernel
from memcgsim.fs.procmaps import BUSYBOX, HEAP_PAGES, STACK_PAGES
from memcgsim.shell import run_script


def _run(text: str, design: str = "6.1"):
    k = Kernel(design=design, cgroup="v2")
    return k, run_script(k, text, "t.sh")


def test_stat_fields_of_a_sleeping_child_and_of_the_reader():
    k, r = _run('sleep 10 & p=$!\ncat /proc/$p/stat /proc/self/stat\necho $p $$\n')
    child, reader, pids = r.stdout.splitlines()
    pid, shell = pids.split()
    f = child.split(" ")
    t = k.tasks[int(pid)]
    assert len(f) == 52 and f[:3] == [pid, "(sleep)", "S"]
    # ppid, pgrp and session 0 (the guests' init never calls setsid), no tty
    assert f[3:8] == [shell, "0", "0", "0", "-1"]
    assert f[8] == str(0x00400000)              # PF_RANDOMIZE: exec'd
    assert f[21] == str(t.forked_at // 10**7)   # starttime in USER_HZ ticks
    # vsize and rss: the anon pages MM_ANONPAGES holds, the exec's argument page
    # (the sleep's own faults are in its split RSS cache: RssAnon 4 kB on the guests)
    assert len(t.mm.anon) == 13 and t.mm.anon_pending == 12
    # vsize: total_vm, the areas' pages: busybox's five parts and .bss, the
    # 136 kB heap, the 132 kB stack, [vvar] and [vdso] (fs/procmaps.py): the
    # guests' sleep, 2260 kB
    parts = sum(n for _, _, n, _ in BUSYBOX.parts) + BUSYBOX.bss_pages
    assert f[22] == str((parts + HEAP_PAGES + STACK_PAGES + 4 + 2) * 4096) == str(2260 * 1024)
    assert f[23] == "1"
    assert f[33 - 1] == "6"                     # SigIgn: SIGINT and SIGQUIT of a job
    assert f[34] == "1" and f[37] == "17"       # wchan flag, exit_signal SIGCHLD
    assert f[38] == str(t.cpu)                  # processor: the CPU it last ran on
    g = reader.split(" ")
    assert g[1:3] == ["(cat)", "R"] and g[34] == "0"


def test_a_subshell_not_exec_d_keeps_pf_forknoexec():
    _, r = _run('( read -r l < /proc/$BASHPID/stat; echo "$l" )\n')
    assert r.stdout.split(" ")[8] == str(0x00400040)


def test_5_10_prints_no_wait_channel_flag_nor_indirect_branch_line():
    _, r = _run('sleep 10 & p=$!\ncut -d" " -f35 /proc/$p/stat\ngrep -c Speculation /proc/$p/status\n',
                "5.10")
    assert r.stdout == "0\n1\n"
    _, r = _run('sleep 10 & p=$!\ncut -d" " -f35 /proc/$p/stat\ngrep -c Speculation /proc/$p/status\n')
    assert r.stdout == "1\n2\n"


def test_statm_and_a_kworker_without_mm():
    k, r = _run('sleep 10 & p=$!\ncat /proc/$p/statm /proc/2/statm /proc/2/stat\n'
                'grep -c ^Vm /proc/2/status; grep -E "^(State|Umask):" /proc/2/status\n')
    lines = r.stdout.splitlines()
    # size: its areas' pages (total_vm); resident: what the split RSS counters
    # synced (the exec's argument page); text: busybox's .text; data: data_vm
    # (.data, .bss, heap) + stack_vm (fs/procmaps.py)
    text = BUSYBOX.parts[1][2]
    data = BUSYBOX.parts[4][2] + BUSYBOX.bss_pages + HEAP_PAGES + STACK_PAGES
    assert lines[0] == f"565 1 0 {text} 0 {data} 0" == "565 1 0 388 0 77 0"
    assert lines[1] == "0 0 0 0 0 0 0"
    kw = lines[2].split(" ")
    assert kw[1:3] == ["(kworker/0:1)", "I"] and kw[8] == "69238880" and kw[22:24] == ["0", "0"]
    assert kw[25:28] == ["0", "0", "0"]         # no mm: no code nor stack addresses
    assert lines[3:] == ["0", "Umask:\t0022", "State:\tI (idle)"]


def test_status_masks_and_cpus_follow_the_task():
    _, r = _run("trap 'echo usr1' USR1\ntaskset -c 1 sleep 10 & p=$!\n"
                "grep -E '^(SigCgt|Cpus_allowed|Cpus_allowed_list):' /proc/$$/status /proc/$p/status\n")
    # the shell: the USR1 trap, SIGCHLD (bash's), and SIGINT while it waits for grep
    # (wait_for's wait_sigint_handler); the sleep: none (execve resets handlers)
    assert r.stdout.splitlines() == [
        "/proc/4/status:SigCgt:\t0000000000010202", "/proc/4/status:Cpus_allowed:\t3",
        "/proc/4/status:Cpus_allowed_list:\t0-1", "/proc/5/status:SigCgt:\t0000000000000000",
        "/proc/5/status:Cpus_allowed:\t2", "/proc/5/status:Cpus_allowed_list:\t1"]
