"""The interpreter against the real model kernel and the real external commands."""
from __future__ import annotations

import os
import re

import pytest

from memcgsim import Kernel
from memcgsim.shell import run_script

SHARED = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared")
if not os.path.isdir(SHARED):
    SHARED = "/work/shared"


def script(rel: str) -> str:
    with open(os.path.join(SHARED, rel), encoding="utf-8") as f:
        return f.read()


@pytest.mark.parametrize("design,last", [("5.12", "memory\t1\t501\t1\n"), ("5.13", "memory\t1\t2\t1\n")])
def test_seed_script(design, last):
    k = Kernel(design=design, cgroup="v1")
    r = run_script(k, script("seed/kmem_test.sh"), "kmem_test.sh")
    assert r.stderr == ""
    assert r.status == 0
    assert r.stdout == "memory\t1\t1\t1\n" + last
    # the 500 `sleep 3600 &` are left running
    assert sum(1 for t in k.tasks.values() if t.comm == "sleep" and t.alive) == 500


def test_echo_pid_moves_shell_and_write_error_message():
    k = Kernel(design="5.13", cgroup="v1")
    r = run_script(k, "cd /sys/fs/cgroup/memory\nmkdir a\necho $$ > a/cgroup.procs\n"
                      "read p < a/cgroup.procs; [ $p = $$ ] && echo same\n"
                      "grep -c . a/cgroup.procs\necho $$ > cgroup.procs\nrmdir a\n"
                      "echo x > a/cgroup.procs\necho rc=$?", "t.sh")
    # grep, forked by the shell while it is in `a`, sees itself and the shell
    assert r.stdout == "same\n2\nrc=1\n"
    assert r.stderr == "t.sh: line 8: a/cgroup.procs: No such file or directory\n"


@pytest.mark.parametrize("name,ok", [
    ("selftest_memcg_subtree_control.sh", "ok test_memcg_subtree_control\n"),
    ("selftest_kmem_kernel_stacks.sh", "ok test_kmem_kernel_stacks\n"),
])
def test_selftests_pass(name, ok):
    k = Kernel(design="5.13", cgroup="v2")
    r = run_script(k, script("reproducers/" + name), name)
    assert (r.stdout, r.status) == (ok, 0)


@pytest.mark.slow
def test_selftest_kmem_basic():
    k = Kernel(design="5.13", cgroup="v2")
    r = run_script(k, script("reproducers/selftest_kmem_basic.sh"), "selftest_kmem_basic.sh")
    assert (r.stdout, r.status) == ("ok test_kmem_basic\n", 0)


@pytest.mark.parametrize("n,pace,out", [(500, 1.0, "alive\n"), (2000, 1.0, "gone\n"),
                                        (500, 10.0, "gone\n")])
def test_background_sleep_ends_while_the_foreground_works(n, pace, out):
    """A background `sleep` ends on its timer while the foreground never blocks: each
    fork+exec+exit moves the simulated clock (about 1.6 ms a command, times the pace)."""
    k = Kernel(design="6.1", cgroup="v2", pace=pace)
    r = run_script(k, f"sleep 2 & P=$!\nfor i in $(seq {n}); do cat /dev/null; done\n"
                      "kill -0 $P 2>/dev/null && echo alive || echo gone\n", "bg.sh")
    assert (r.stdout, r.stderr, r.status) == (out, "", 0)


@pytest.mark.parametrize("script,out", [
    # an endless writer ends when its reader goes: SIGPIPE (status 141 with pipefail)
    ("yes | head -n 2; echo $?", "y\ny\n0\n"),
    ("set -o pipefail; yes | head -n 1; echo $?", "y\n141\n"),
    ("cat /dev/zero | head -c 100000 | wc -c", "100000\n"),
    # more than a pipe's worth flows in order; a pipeline inside a stage
    ("seq 200000 | tail -n 1", "200000\n"),
    ("{ seq 100000 | grep 9999; } | head -n 3", "9999\n19999\n29999\n"),
    # a writer that sleeps: the reader waits for it on the simulated clock
    ("(sleep 2; echo late) | { cat; cut -d' ' -f1 /proc/uptime; }", "late\n2.01\n"),
])
def test_pipeline_stages_run_side_by_side(script, out):
    k = Kernel(design="6.1", cgroup="v2")
    r = run_script(k, script + "\n", "pipes.sh")
    assert (r.stdout, r.stderr) == (out, "")


def test_trap():
    """EXIT traps of the shell and of subshells, a trapped or ignored signal the
    shell sends itself, trap -p; the outputs bash 5.2 gives."""
    script = ("cleanup() { echo \"cleanup $?\"; }\ntrap cleanup EXIT\ntrap 'echo got TERM' TERM\n"
              "trap -p\nkill -TERM $$\necho after\n( trap 'echo sub exit' EXIT; echo in sub )\n"
              "trap '' INT\nkill -INT $$\necho still here\ntrap 'echo x' FOO\nfalse\n")
    r = run_script(Kernel(design="6.1", cgroup="v2"), script, "trap.sh")
    assert r.stdout == ("trap -- 'cleanup' EXIT\ntrap -- 'echo got TERM' SIGTERM\ngot TERM\nafter\n"
                        "in sub\nsub exit\nstill here\ncleanup 1\n")
    assert r.stderr == "trap.sh: line 11: trap: FOO: invalid signal specification\n"
    assert r.status == 1
    r = run_script(Kernel(design="6.1", cgroup="v2"), 'trap "echo bye; exit 5" 0; exit 3\n', "t.sh")
    assert (r.stdout, r.status) == ("bye\n", 5)
    # ERR runs where set -e would act (bash 5.2.15 printed these)
    r = run_script(Kernel(design="6.1", cgroup="v2"),
                   "trap 'echo \"e $? $LINENO $BASH_COMMAND\"' ERR\nfalse || :\nfalse\nf() { false; }; f\n", "t.sh")
    assert (r.stdout, r.status) == ("e 1 3 false\ne 1 4 false\n", 1)
    r = run_script(Kernel(design="6.1", cgroup="v2"), "trap 'echo e' DEBUG\n", "t.sh")
    assert "unsupported: trap on DEBUG" in r.stderr and r.status == 2


ARRAYS = """a=(one "two words" three)
echo ${#a[@]} ${a[1]} ${a[-1]} $a
for x in "${a[@]}"; do echo "[$x]"; done
echo "${a[*]}"
a+=(four)
a[7]=seven
echo ${#a[@]} "${!a[@]}"
i=1; echo ${a[i+1]} ${a[$i]} ${#a[1]}
pids=()
for n in 1 2 3; do sleep 100 & pids+=($!); done
echo ${#pids[@]}
kill "${pids[@]}"
wait
b=(
  x   # a comment
  y
)
echo "${b[@]}" ${b[5]:-unset}
files=(/proc/cgroup*)
echo ${files[0]}
unset 'a[1]'
echo ${#a[@]} "${a[@]}"
a=scalar
echo ${a[0]} ${#a[@]}
true | false | (exit 3)
echo "${PIPESTATUS[@]}" ${#PIPESTATUS[@]}
false
echo ${PIPESTATUS[0]} $PIPESTATUS
(kill -USR1 $BASHPID)
"""


def test_arrays_pipestatus_and_signal_reports():
    """Indexed arrays, PIPESTATUS, and which signal deaths bash reports (not SIGTERM,
    the kill builtin's default): the output bash 5.2 gives for the same script."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), ARRAYS, "arr.sh")
    assert r.stdout == ("3 two words three one\n[one]\n[two words]\n[three]\none two words three\n"
                        "5 0 1 2 3 7\nthree two words 9\n3\nx y unset\n/proc/cgroups\n"
                        "4 one three four seven\nscalar 4\n0 1 3 3\n1 1\n")
    assert re.fullmatch(r"arr\.sh: line 29: +\d+ User defined signal 1 +\( kill -USR1 \$BASHPID \)\n",
                        r.stderr), r.stderr


def test_funcname_and_bash_source():
    """FUNCNAME (innermost first, "main" at the bottom, unset outside functions) and
    BASH_SOURCE: bash 5.2's output for the same script."""
    script = ('echo "top: [${FUNCNAME[*]}] [${BASH_SOURCE[*]}] ${#FUNCNAME[@]}"\n'
              'f() { echo "f: [${FUNCNAME[*]}] [$FUNCNAME] ${#BASH_SOURCE[@]}"; g; }\n'
              'g() { echo "g: ${FUNCNAME[1]}"; ( echo "sub: ${FUNCNAME[*]}" ); }\n'
              'f\necho "after: [${FUNCNAME[*]}] $BASH_SOURCE"\n')
    r = run_script(Kernel(design="6.1", cgroup="v2"), script, "fn.sh")
    assert r.stdout == ("top: [] [fn.sh] 0\nf: [f main] [f] 2\ng: f\nsub: g f main\n"
                        "after: [] fn.sh\n")















TIMED = """time sleep 1.5
time -p sleep 0.25
time { sleep 1; echo inner; } | cat
TIMEFORMAT='took %R s (%3lR) %%'; time sleep 2
echo "rc: $(time false 2>/dev/null; echo $?)"
"""


def test_time_keyword():
    """``time``, ``time -p`` and TIMEFORMAT, timing whole pipelines on the simulated
    clock (user and sys read 0): bash 5.2's report format for the same script."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), TIMED, "tm.sh")
    assert r.stdout == "inner\nrc: 1\n"
    assert re.fullmatch(r"\nreal\t0m1\.5\d\ds\nuser\t0m0\.000s\nsys\t0m0\.000s\n"
                        r"real 0\.2\d\nuser 0\.00\nsys 0\.00\n"
                        r"\nreal\t0m1\.0\d\ds\nuser\t0m0\.000s\nsys\t0m0\.000s\n"
                        r"took 2\.0\d\d s \(0m2\.0\d\ds\) %\ntook 0\.0\d\d s \(0m0\.0\d\ds\) %\n",
                        r.stderr), r.stderr


# `ulimit -a` on the oracle's 5.10.262 and 6.1.192 guests (2026-11-26); pending
# signals and max user processes are half of max_threads, which depends on the RAM
# at boot: 3802 and 3775 (tools/sizes/recordings/threads-max--*.txt)
ULIMIT_A = """real-time non-blocking time  (microseconds, -R) unlimited
core file size              (blocks, -c) 0
data seg size               (kbytes, -d) unlimited
scheduling priority                 (-e) 0
file size                   (blocks, -f) unlimited
pending signals                     (-i) {nproc}
max locked memory           (kbytes, -l) {mlock}
max memory size             (kbytes, -m) unlimited
open files                          (-n) 1024
pipe size                (512 bytes, -p) 8
POSIX message queues         (bytes, -q) 819200
real-time priority                  (-r) 0
stack size                  (kbytes, -s) 8192
cpu time                   (seconds, -t) unlimited
max user processes                  (-u) {nproc}
virtual memory              (kbytes, -v) unlimited
file locks                          (-x) unlimited
"""


@pytest.mark.parametrize("design,mlock,nproc", [("5.10", 64, 3802), ("6.1", 8192, 3775)])
def test_ulimit_reads_the_kernels_boot_limits(design, mlock, nproc):
    script = ("ulimit -a\nulimit -Hn; ulimit -n 512; ulimit -n; ( ulimit -n 256; ulimit -n )\n"
              "ulimit -n; ulimit -Sn 5000; echo rc=$?; ulimit -Hn 8192; ulimit -Sn 5000; ulimit -n\n")
    r = run_script(Kernel(design=design, cgroup="v2"), script, "ul.sh")
    assert r.stdout == ULIMIT_A.format(mlock=mlock, nproc=nproc) + "4096\n512\n256\n512\nrc=1\n5000\n"
    assert r.stderr == "ul.sh: line 3: ulimit: open files: cannot modify limit: Invalid argument\n"


def test_error_message_into_a_refusing_file_is_lost():
    """``echo -1 > cgroup.max.depth 2>&1``: bash writes its message into the same
    file, which refuses it too; bash ignores that (no internal error)."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox")
    r = run_script(k, "mkdir /sys/fs/cgroup/t\necho -1 > /sys/fs/cgroup/t/cgroup.max.depth 2>&1\n"
                      "echo rc=$? depth=$(cat /sys/fs/cgroup/t/cgroup.max.depth)\n", "t.sh")
    assert (r.stdout, r.stderr) == ("rc=1 depth=max\n", "")


def test_dd_seek_and_skip():
    """``seek=`` writes at seek*obs, cutting the file there unless conv=notrunc;
    ``skip=`` starts reading at skip*ibs (GNU coreutils and busybox agree)."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox")
    r = run_script(k, "cd /tmp\n"
                      "dd if=/dev/zero of=a bs=1k count=2 seek=3 2>/dev/null; stat -c %s a\n"
                      "dd if=/dev/zero of=a bs=1k count=1 seek=1 2>/dev/null; stat -c %s a\n"
                      "dd if=/dev/zero of=b bs=1k count=1 seek=4 conv=notrunc 2>/dev/null\n"
                      "dd if=/dev/zero of=b bs=1k count=1 conv=notrunc 2>/dev/null; stat -c %s b\n"
                      "dd if=b of=c bs=1k skip=3 2>/dev/null; stat -c %s c\n", "t.sh")
    assert (r.stdout, r.stderr) == ("5120\n2048\n5120\n2048\n", "")


def test_oom_killed_file_writer_dies_not_fails():
    """A dd killed by the memcg OOM killer in its tmpfs write dies of SIGKILL on the
    way back to user space (status 137) on both kernels: 5.10 forced the charge,
    6.1 failed it, neither lets dd see the error."""
    for design in ("5.10", "6.1"):
        k = Kernel(design=design, cgroup="v2", init="busybox")
        r = run_script(k, "cd /sys/fs/cgroup\necho +memory > cgroup.subtree_control\nmkdir f\n"
                          "echo 8M > f/memory.max\n"
                          "( echo $BASHPID > f/cgroup.procs; exec dd if=/dev/zero of=/tmp/x "
                          "bs=64k count=512 2>/dev/null )\necho status $?\n"
                          "grep oom_kill f/memory.events\n", "t.sh")
        assert r.stdout == "status 137\noom_kill 1\n", design


@pytest.mark.parametrize("cgroup", ["v1", "v2"])
def test_an_execed_shell_leaves_its_children_zombies(cgroup):
    """``( sleep 0.1 & exec sleep 30 )``: the exec'd program never waits, so the ended
    child stays a zombie (state Z), still found by pid: its write to cgroup.procs
    succeeds and moves nothing; once the program is killed, init reaps it."""
    k = Kernel(design="6.1", cgroup=cgroup)
    root = "/sys/fs/cgroup" if cgroup == "v2" else "/sys/fs/cgroup/memory"
    r = run_script(k, f"mkdir {root}/g\n"
                      "( sleep 0.1 & echo $! > zpid; exec sleep 30 ) &\nh=$!\nsleep 1\n"
                      "z=$(cat zpid)\nawk '{print $3}' /proc/$z/stat\n"
                      f"echo $z > {root}/g/cgroup.procs; echo \"rc=$?\"\n"
                      f"grep -c . {root}/g/cgroup.procs\n"
                      "kill $h; wait $h; sleep 0.1; [ -e /proc/$z ] || echo reaped\n", "t.sh")
    assert r.stdout == "Z\nrc=0\n0\nreaped\n", r.stderr


@pytest.mark.parametrize("cpus", [1, 8])
def test_meminfo_kernelstack_leaves_out_cached_stacks(cpus):
    """Freed stacks kept in the per-CPU cached_stacks slots are out of KernelStack
    (``release_task_stack`` → ``account_kernel_stack(tsk, -1)`` before caching)."""
    k = Kernel(design="5.10", cgroup="v2", nr_cpus=cpus)
    r = run_script(k, "ks() { awk '$1 == \"KernelStack:\" {print $2}' /proc/meminfo; }\n"
                      "a=$(ks)\nfor i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.01 & p=$!; kill -9 $p; "
                      "wait $p 2>/dev/null; done\necho $(( $(ks) - a ))", "t.sh")
    assert r.stdout == "0\n"
    assert any(k.procs.stack_cache)       # some stacks are cached, not counted


def test_slabinfo_boot_lines_in_this_cpu_counts_geometry():
    """At 1 CPU SLUB gives shmem_inode_cache (720 bytes, 5.10) slabs of 11 objects in
    2 pages (``calculate_order``, min_objects 8): the boot line (recorded at 2 CPUs:
    440 objects in 20 slabs of 22) is laid out that way from the start. The CPU's
    slab holds 4 free objects after boot (kernel/sizes/slub_boot.py, recorded at 1
    CPU), so four new tmpfs inodes charged to a child cgroup fill it and the fifth
    takes a new slab of 11."""
    k = Kernel(design="5.10", cgroup="v2", nr_cpus=1, init="busybox")
    r = run_script(k, "si() { awk '$1 == \"shmem_inode_cache\" {print $3, $5, $6}' /proc/slabinfo; }\n"
                      "si\necho +memory > /sys/fs/cgroup/cgroup.subtree_control; mkdir /sys/fs/cgroup/x\n"
                      "( echo $BASHPID > /sys/fs/cgroup/x/cgroup.procs\n"
                      "  for i in 1 2 3 4; do head -c 4096 /dev/zero > /tmp/a$i; done; si\n"
                      "  head -c 4096 /dev/zero > /tmp/a5 )\n"
                      "si\n", "t.sh")
    assert r.stdout == "440 11 2\n440 11 2\n451 11 2\n"


def test_oom_score_adj_parses_inherits_and_picks_the_victim():
    """/proc/PID/oom_score_adj (``oom_score_adj_write``): -1000..1000, else EINVAL;
    copied at fork; ``oom_badness`` adds adj * memory.max / 1000 pages and never
    picks a task at -1000: the small tail at 1000 goes before its big sibling."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox")
    r = run_script(k, "f=/proc/self/oom_score_adj\n"
                      "for v in 500 ' -1000 ' 1001 abc 0x10; do echo \"$v\" > $f 2>/dev/null; "
                      "echo \"$? $(cat $f)\"; done\n"
                      "echo 7 > $f; bash -c 'cat /proc/$$/oom_score_adj'\necho 0 > $f\n"
                      "C=/sys/fs/cgroup; echo +memory > $C/cgroup.subtree_control; mkdir $C/j\n"
                      "echo 16M > $C/j/memory.max\n"
                      "( echo $BASHPID > $C/j/cgroup.procs; echo -1000 > $f\n"
                      "  head -c 40M /dev/zero | (echo 1000 > $f; exec tail -c 30000000) > /dev/null\n"
                      "  echo \"${PIPESTATUS[*]}\" ) 2>/dev/null\n"
                      "dmesg | grep -o 'Killed process [0-9]* ([a-z]*).*oom_score_adj:[-0-9]*' "
                      "| sed 's/[0-9]* (/(/; s/(\\([a-z]*\\)).*oom_score_adj:/\\1 /'\n", "t.sh")
    assert r.stdout == ("0 500\n0 -1000\n1 -1000\n1 -1000\n0 16\n7\n141 137\n"
                        "Killed process tail 1000\n"), r.stdout + r.stderr


COMSUB_BESIDE = r"""x=$(for i in 1 2 3; do head -c 400000 /dev/zero | tr '\0' a; awk '/VmRSS/{print $2}' /proc/$$/status >&2; done)
echo ${#x}
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control; mkdir $C/g; echo 8M > $C/g/memory.max; echo 1 > $C/g/memory.oom.group
( echo $BASHPID > $C/g/cgroup.procs; x=$(head -c 20000000 /dev/zero | tr '\0' a) ) 2>/dev/null
grep oom_kill $C/g/memory.events
"""


def test_command_substitution_is_read_while_its_child_runs():
    """bash reads a ``$(...)``'s pipe while its child writes (``read_comsub``): the
    reading shell's RSS grows between the child's three writers, and an OOM kill of
    the reader with memory.oom.group set finds the substitution's bash, head and
    tr alive (victim + subshell, substitution, head, tr: oom_kill 5)."""
    k = Kernel(design="6.1", cgroup="v2")
    r = run_script(k, COMSUB_BESIDE, "t.sh")
    rss = [int(w) for w in r.stderr.split("\n") if w.isdigit()]
    assert len(rss) == 3 and rss[0] < rss[1] < rss[2]
    assert r.stdout == "1200000\noom_kill 5\n"
