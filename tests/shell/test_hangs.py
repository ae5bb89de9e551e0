"""Commands that used to spin or never end, and a fork the memcg cannot pay for:
each must end, with what GNU coreutils and bash print (seq's outputs were checked
against GNU seq 9.1 on the host)."""
from __future__ import annotations

import errno
import os
import re
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from fakesys import FakeSys  # noqa: E402

from memcgsim import Kernel  # noqa: E402
from memcgsim.shell import run_script  # noqa: E402
from memcgsim.shell.commands import COMMANDS  # noqa: E402


def model(text: str, design: str = "6.1", cgroup: str = "v2"):
    return run_script(Kernel(design=design, cgroup=cgroup), text + "\n", "t.sh")


@pytest.mark.parametrize("script,out", [
    # an empty write (dmesg with an empty ring buffer) is a null write, not a spin
    ("dmesg | wc -l", "0\n"),
    ("printf '' | wc -c; echo -n '' | cat; echo end", "0\nend\n"),
    ("seq 1e9 | head -1", "1\n"),
    ("seq 1 99999999999999999999 | head -2", "1\n2\n"),
    ("seq 0 0.5 1e9 | head -3", "0.0\n0.5\n1.0\n"),
    ("seq 1 inf | head -2", "1\n2\n"),
    ("yes | head -2; yes '' | head -3 | wc -l", "y\ny\n3\n"),
    ("head -c 10 /dev/zero | wc -c; cat /dev/zero | head -c 7 | wc -c", "10\n7\n"),
    ("true | read x; echo $?; read y < /dev/null; echo $?", "1\n1\n"),
    # tail -f into a pipe ends when the reader has gone (GNU tail's check_output_alive)
    ("echo a > /tmp/f; tail -f /tmp/f | head -1; echo ${PIPESTATUS[@]}", "a\n141 0\n"),
    ("yes | cut -c1 | head -2", "y\ny\n"),     # cut streams its lines
    ("yes | awk 'NR==2{exit}1'", "y\n"),         # and awk its standard input
    # grep stops reading once enough lines matched
    ("yes | grep -m1 y; yes | grep -q y; echo $?; seq 1e9 | grep -m2 5", "y\n0\n5\n15\n"),
    # sed reads a buffer at a time, with one line of lookahead for $, and writes as it goes
    ("yes | sed 1q; yes | sed p | head -3; seq 1e9 | sed -n '3{p;q}'", "y\ny\ny\ny\n3\n"),
    ("printf 'a\\nb' | sed p; echo; printf 'a\\nb\\n' | sed -n '$p'", "a\na\nb\nb\nb\n"),
    # xargs reads its items as they come and runs a command once a batch is full
    ("yes | xargs -n1 echo 2>/dev/null | head -2", "y\ny\n"),
    ("yes | xargs -L2 echo 2>/dev/null | head -2; seq 100000 | xargs -I{} echo x{} 2>/dev/null | head -2",
     "y y\ny y\nx1\nx2\n"),
    ("yes | xargs echo 2>/dev/null | head -1 | wc -c", "131066\n"),    # GNU's 128 KiB batches
])
def test_streams_end(script, out):
    r = model(script)
    assert (r.stdout, r.stderr, r.status) == (out, "", 0)


@pytest.mark.parametrize("script,out,status", [
    # the foreground computes while a job sleeps or a timer runs: its simple commands
    # take CPU time (jobs.charge_cpu), so the clock reaches the job and its signal
    # reaches the shell (outputs and statuses as bash 5.2.15 on the host)
    ("(sleep 1; kill $$) & i=0; while :; do i=$((i+1)); done", "", 143),
    ("trap 'echo got; exit 3' TERM; (sleep 1; kill $$) & while :; do :; done", "got\n", 3),
    ("timeout 1 bash -c 'while :; do :; done'; echo $?", "124\n", 0),
    ("timeout 1 bash -c 'while :; do :; done | cat'; echo $?", "124\n", 0),
    ("x=$(timeout 1 bash -c 'while :; do :; done; echo no'); echo \"[$x] $?\"", "[] 124\n", 0),
    # a program computing without a system call that waits, killed while preempted
    ("timeout 1 cat /dev/zero > /dev/null; echo $?; timeout 1 yes > /dev/null; echo $?",
     "124\n124\n", 0),
    ("timeout -s INT 0.5 cat /dev/zero | wc -c > /dev/null; echo ${PIPESTATUS[0]}", "124\n", 0),
    ("( timeout 0.5 cat /dev/zero > /dev/null; echo \"bg $?\" ) & wait", "bg 124\n", 0),
    # the shell dies while its foreground child computes on, reparented to init
    # (not run on the host: the child would spin there for ever)
    ("(sleep 1; kill $$) & bash -c 'while :; do :; done'; echo after", "", 143),
    ("(sleep 1; kill $$) & while :; do :; done | cat; echo after", "", 143),
])
def test_busy_foreground_lets_the_clock_and_signals_reach_it(script, out, status):
    r = model(script)
    assert (r.stdout, r.stderr, r.status) == (out, "", status)


@pytest.mark.parametrize("script,out", [
    # a job that never blocks is preempted after each scheduler tick of its work:
    # the foreground sleeps, kills it, and bash reports what it reports on the host
    ("cat /dev/zero > /dev/null & sleep 1; kill %1; echo ok; wait; echo $?", "ok\n0\n"),
    ("while :; do :; done & sleep 1; kill $!; wait $!; echo $?", "143\n"),
    ("(yes | cat > /dev/null) & sleep 0.3; kill $!; wait $!; echo $?", "143\n"),
    ("i=0; while :; do i=$((i+1)); done & sleep 0.5; kill $!; wait; echo end", "end\n"),
])
def test_busy_background_job_lets_the_foreground_run(script, out):
    r = model(script)
    assert (r.stdout, r.stderr, r.status) == (out, "", 0)


@pytest.mark.parametrize("script,out", [
    ("exec 3< <(yes); head -1 <&3", "y\n"),
    ("head -2 <(yes)", "y\ny\n"),
    ("while read l; do echo $l; break; done < <(seq 1e9); echo end", "1\nend\n"),
    ("grep -m1 5 <(seq 1e9)", "5\n"),
])
def test_endless_process_substitution_streams(script, out):
    """The list of a <(...) and its reader go on side by side through the pipe:
    an endless list ends (SIGPIPE) once its reader is done."""
    r = model(script)
    assert (r.stdout, r.stderr, r.status) == (out, "", 0)


def test_process_substitution_writer_waits_for_room():
    """A <(...) writer sleeps once the pipe is full (64 KiB), as pipe_write
    does, until the reader takes some: it never gets far ahead."""
    r = model("exec 3< <(yes); sleep 1; head -c 1 <&3 >/dev/null; sleep 1\n"
              "kill -0 $! && echo alive")
    assert (r.stdout, r.stderr, r.status) == ("alive\n", "", 0)


@pytest.mark.parametrize("script,err", [
    ("x=$(sleep infinity &); echo no", "memcgsim: t.sh:1: command would block forever\n"),
    ("cat <(sleep infinity); echo no", "memcgsim: t.sh:1: command would block forever\n"),
    ("echo -n\n\n( sleep infinity ) | cat; echo no", "memcgsim: t.sh:3: command would block forever\n"),
])
def test_reader_whose_writer_never_ends_is_a_deadlock(script, err):
    """bash would hang: the reader of a pipe a sleeping job holds open forever."""
    r = model(script)
    assert (r.stdout, r.stderr, r.status) == ("", err, 2)


@pytest.mark.parametrize("script", ["read x < /dev/zero; echo no", "read -n 2 x < /dev/zero; echo no"])
def test_read_of_dev_zero_in_the_foreground_would_run_forever(script):
    """bash drops the NUL bytes and reads on, 4 KiB at a time, its memory flat
    (checked on the host: it never ends): the model stops the run there."""
    r = model(script)
    assert (r.stdout, r.status) == ("", 2)
    assert r.stderr == ("memcgsim: t.sh:1: read: reads NUL bytes from /dev/zero without end, "
                        "dropping them (bash): would run forever\n")


def test_finite_process_substitution_is_whole():
    r = model("wc -l < <(seq 100000); cat <(echo a) <(echo b)")
    assert (r.stdout, r.stderr, r.status) == ("100000\na\nb\n", "", 0)


@pytest.mark.slow
@pytest.mark.parametrize("script,out", [
    # GNU sort on the host: "sort: memory exhausted", status 2 (ulimit -v 200000)
    ("sort < /dev/zero; echo $?", ("2\n", "sort: read failed: -: Cannot allocate memory\n")),
    ("tail -n1 /dev/zero; echo $?",
     ("1\n", "tail: error reading '/dev/zero': Cannot allocate memory\n")),
])
def test_holding_more_than_ram_fails(script, out):
    """A tool that holds an endless input fails once its buffer passes the
    machine's RAM (__vm_enough_memory's OVERCOMMIT_GUESS check), not never."""
    r = model(script)
    assert (r.stdout, r.stderr, r.status) == (*out, 0)


def test_xargs_child_killed_by_sigpipe():
    r = model("yes | xargs -n1 echo | head -2; echo ${PIPESTATUS[@]}")
    assert (r.stdout, r.stderr) == ("y\ny\n141 125 0\n", "xargs: echo: terminated by signal 13\n")


#: what GNU xargs 4.9.0 printed on the host for each (compared by hand there)
@pytest.mark.parametrize("script,out", [
    ("printf 'a,b,\\n' | xargs -d, echo", "a b \n\n"),
    ("printf \"'a b\" | xargs echo; echo $?", "1\n"),
    ("printf '  a b  \\n' | xargs -I{} echo '<{}>'", "<a b  >\n"),
    ("printf \"x 'a b' c\\n\" | xargs -I{} echo '<{}>'", "<x a b c>\n"),
    ("printf 'a\\nSTOP\\nb\\n' | xargs -E STOP echo", "a\n"),
    ("printf 'a b \\nc\\nd\\n' | xargs -L1 echo", "a b c\nd\n"),
    ("printf 'aaaa bbbb cccc dddd\\n' | xargs -s 20 echo", "aaaa bbbb cccc\ndddd\n"),
    ("printf \"'' \\\"\\\" x\\n\" | xargs -n1 echo", "\n\nx\n"),
])
def test_xargs_items_as_gnu_xargs(script, out):
    r = model(script + " 2>/dev/null")
    assert (r.stdout, r.status) == (out, 0)


@pytest.mark.parametrize("args,out", [
    ("99999999999999999990 99999999999999999992",
     "99999999999999999990\n99999999999999999991\n99999999999999999992\n"),
    ("1e30 1e30", "1000000000000000000024696061952\n"),      # a long double's value
    ("1e20 1e20", "100000000000000000000\n"),
    ("0 0.000001 0.000003", "0.000000\n0.000001\n0.000002\n0.000003\n"),
    ("-w 1 0.5 2", "1.0\n1.5\n2.0\n"),
    ("-w -1 1", "-1\n00\n01\n"),
    ("1.5e1 17", "15\n16\n17\n"),
    ("0x1.8 3", "1.5\n2.5\n"),
    ("-s, 1e0 3", "1,2,3\n"),
    ("-f %.3e 1 2", "1.000e+00\n2.000e+00\n"),
    ("-f %a 1 1", "0x8p-3\n"),
    ("-f %.20Lg 0.1 0.1", "0.1\n"),      # %g drops the zeros
    ("-f %.25f 0.1 0.1", "0.1000000000000000000013553\n"),
    ("3 -1.5 -3", "3.0\n1.5\n0.0\n-1.5\n-3.0\n"),
])
def test_seq_prints_what_gnu_seq_prints(args, out):
    r = run_script(FakeSys(), f"seq {args}", "t.sh", commands=COMMANDS)
    assert (r.stdout, r.stderr, r.status) == (out, "", 0)


@pytest.mark.parametrize("args,err", [
    ("1e5000", "seq: invalid floating point argument: '1e5000'\n"
               "Try 'seq --help' for more information.\n"),
    ("1 nan", "seq: invalid 'not-a-number' argument: 'nan'\n"
              "Try 'seq --help' for more information.\n"),
    ("-f %d 1", "seq: format '%d' has unknown %d directive\n"),
    ("-f '%g %g' 1", "seq: format '%g %g' has too many % directives\n"),
    ("-w -f %g 1", "seq: format string may not be specified when printing equal width "
                   "strings\nTry 'seq --help' for more information.\n"),
])
def test_seq_errors(args, err):
    r = run_script(FakeSys(), f"seq {args}", "t.sh", commands=COMMANDS)
    assert (r.stdout, r.stderr, r.status) == ("", err, 1)


def test_sleep_of_a_hundred_digits_jumps_the_clock():
    k = Kernel(design="6.1", cgroup="v2")       # its stats flush every 2 s
    r = run_script(k, "sleep " + "9" * 100 + "; echo woke\n", "t.sh")
    assert (r.stdout, r.status) == ("woke\n", 0)
    assert k.now >= 9.9e99


def test_clock_jumps_over_idle_periodic_work_keeping_its_phase():
    from memcgsim.kernel.clock import Clock
    c = Clock()
    runs = []
    c.call_every(2, lambda: runs.append(c.now_ns))
    c.call_at(7, lambda: runs.append(-c.now_ns))
    c.run_until(10 ** 30)
    # the run at 4 would find nothing to do (nothing ran since 2): skipped
    assert runs[:4] == [2, 6, -7, 8]
    assert len(runs) < 12 and all(t % 2 == 0 for t in runs if t > 0)
    c.run_until(10 ** 30 + 5)
    assert runs[-1] == 10 ** 30 + 4
    # a run that ends before the next period, with an event far later: one run each
    c = Clock()
    runs = []
    c.call_every(2, lambda: runs.append(c.now_ns))
    c.call_at(100, lambda: None)
    c.run_until(3)
    c.run_until(5)
    assert runs == [2, 4]


class _NoForkSys(FakeSys):
    """fork() fails with ENOMEM once ``fail`` is set (a memcg the OOM killer cannot help)."""
    fail = False

    def fork(self, parent, comm=None):
        if self.fail:
            raise OSError(errno.ENOMEM, os.strerror(errno.ENOMEM))
        return super().fork(parent, comm)


def test_failed_fork_is_reported_as_bash_does_and_the_shell_exits():
    from fakesys import FAKE_COMMANDS
    fs = _NoForkSys()

    def fail_on(ctx):
        fs.fail = True
        return 0
    cmds = {**FAKE_COMMANDS, "nofork": fail_on}
    r = run_script(fs, "trap 'echo trap $?' EXIT\nnofork\necho before\n/bin/true\n"
                       "echo not reached\n", "s.sh", commands=cmds)
    # jobs.c make_child: sys_error("fork"), EX_NOEXEC, throw_to_top_level: 126|128
    assert r.stdout == "before\ntrap 254\n"
    assert r.stderr == "s.sh: fork: Cannot allocate memory\n"
    assert r.status == 254


@pytest.mark.parametrize("design", ["5.10", "6.1"])
@pytest.mark.parametrize("limit", ["0", "12k"])
def test_oom_killed_shell_ends_137(design, limit):
    """The shell in a cgroup it cannot fork in: the OOM killer kills it (as recorded
    on 5.10 and 6.1, tests/conformance/scripts/oom-self-*.sh); the run ends."""
    k = Kernel(design=design, cgroup="v2", init="busybox")
    r = run_script(k, "echo +memory > /sys/fs/cgroup/cgroup.subtree_control\n"
                      "mkdir /sys/fs/cgroup/o; echo $$ > /sys/fs/cgroup/o/cgroup.procs\n"
                      f"echo {limit} > /sys/fs/cgroup/o/memory.max\n/bin/true\necho survived\n",
                   "t.sh")
    assert (r.stdout, r.status, r.signal) == ("", 137, 9)
    m = k.memcg.memcgs_by_path()["/o"] if hasattr(k.memcg, "memcgs_by_path") else None
    assert m is None or m.events.get("oom_kill") == 1


RECORDINGS = os.path.join(os.path.dirname(__file__), "..", "conformance", "recordings")


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_dmesg_shows_the_oom_report_in_the_kernels_format(design):
    """The lines oom_kill.c prints, in the format the real kernels printed them
    (tests/conformance/recordings/oom-child-dmesg-*: numbers may differ)."""
    with open(os.path.join(RECORDINGS, f"oom-child-dmesg--{design}-v2.txt")) as f:
        real = [l for l in f.read().split("#--- stdout\n")[1].split("#--- stderr")[0]
                .splitlines()][1:4]
    k = Kernel(design=design, cgroup="v2", init="busybox")
    r = run_script(k, "echo +memory > /sys/fs/cgroup/cgroup.subtree_control\n"
                      "mkdir /sys/fs/cgroup/oomchild\n( echo $BASHPID > /sys/fs/cgroup/oomchild/cgroup.procs\n"
                      "echo 0 > /sys/fs/cgroup/oomchild/memory.max; /bin/true )\n"
                      "dmesg | sed 's/^\\[[ 0-9.]*\\] //'\n", "t.sh")
    assert len(real) == 3 and r.stdout.count("\n") == 3
    for want, got in zip(real, r.stdout.splitlines()):
        assert re.fullmatch(re.sub(r"\d+", r"\\d+", re.escape(want)), got), (want, got)


def test_warn_once_in_the_kernels_format():
    """page_counter_cancel's WARN_ONCE: __warn_printk's message, then __warn's line."""
    k = Kernel(design="6.1", cgroup="v2")
    c = k.memcg.root_mem_cgroup.memory
    before = len(k.log.lines)
    n = c.usage + 3
    c.cancel(n)
    c.cancel(1)         # once per boot
    lines = [line.split("] ", 1)[1] for line in k.log.lines[before:]]
    cur = k.current
    assert lines == [f"page_counter underflow: -3 nr_pages={n}",
                     f"WARNING: CPU: {cur.cpu} PID: {cur.pid} at mm/page_counter.c:56 "
                     "page_counter_cancel"]


def _gnu_seq() -> bool:
    import shutil
    import subprocess
    if not shutil.which("seq"):
        return False
    v = subprocess.run(["seq", "--version"], capture_output=True, text=True).stdout
    return "GNU coreutils" in v


SEQ_CASES = [line for line in open(os.path.join(os.path.dirname(__file__), "seq_cases.txt"))
             .read().splitlines() if line.strip()]


@pytest.mark.skipif(not _gnu_seq(), reason="GNU seq is not installed")
def test_seq_agrees_with_gnu_seq_on_this_machine():
    """tests/shell/seq_cases.txt (output, errors and status) against the host's GNU seq
    (seq writes nothing under /sys or /proc)."""
    import subprocess
    bad = []
    for case in SEQ_CASES:
        line = case + " 2>&1 | head -c 3000; exit ${PIPESTATUS[0]}"
        host = subprocess.run(["bash", "-c", line], capture_output=True, text=True, timeout=60,
                              env={**os.environ, "LC_ALL": "C"})
        r = run_script(FakeSys(), line, "t.sh", commands=COMMANDS)
        if (r.stdout, r.status) != (host.stdout, host.returncode):
            bad.append((case, host.stdout[:200], r.stdout[:200]))
    assert not bad


def test_stopped_child_of_busybox_timeout_blocks_forever():
    """busybox timeout sends its signal alone (no SIGCONT, unlike GNU's): a child
    that stopped itself keeps the SIGTERM pending and timeout waits forever, as on
    the guests; the model says so at once. It spun: a program timer due at the
    present moment stayed pending after it had gone off (Kernel.call_at)."""
    r = run_script(Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox"),
                   "timeout 1 bash -c 'kill -STOP $$; echo never'; echo st $?\n", "t.sh")
    assert r.stdout == ""
    assert r.stderr == "memcgsim: t.sh:1: command would block forever\n"
