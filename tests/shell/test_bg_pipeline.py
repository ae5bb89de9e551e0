"""A background pipeline is the shell's own children (bash's execute_pipeline with
asynchronous set): what the model must not do is fork a shell in between.
The outputs bash prints are checked in bash_cases/bg_pipeline; these check what
only the model shows (pids, the cgroup's charges, a loop bash cannot leave)."""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from test_hangs import model  # noqa: E402


def test_the_stages_are_the_next_pids_after_the_shell():
    # the shell is pid 4; its stages 5 and 6: no bash forked between
    r = model("sleep 1 | cat & echo $$ $(jobs -p) $!; ps -o ppid= -p $(jobs -p); kill %1; wait")
    assert r.stdout.split() == ["4", "5", "6", "4"]


def test_the_job_charges_two_forks_not_three():
    # two kernel stacks (16 KiB each: THREAD_SIZE), not three
    r = model("mkdir /sys/fs/cgroup/t; echo $$ > /sys/fs/cgroup/t/cgroup.procs\n"
              "f() { grep '^kernel_stack ' /sys/fs/cgroup/t/memory.stat | cut -d' ' -f2; }\n"
              "a=$(f); sleep 5 | cat & sleep 1; b=$(f); echo $((b - a)); kill %1; wait")
    assert r.stdout == f"{2 * 16384}\n"


def test_kill_of_a_job_whose_later_process_ended_spins_as_bash_does():
    # bash 5.2's kill_pid: `continue` skips p = p->next in its do-while
    r = model("sleep 2 | sleep 0.1 &\nsleep 0.5; kill %1; echo after")
    assert "after" not in r.stdout
    assert "kill %1: bash 5.2's kill_pid loops on the job's ended process 6" in r.stderr


def test_a_foreground_stage_killed_while_it_reads_dies_then():
    # cat dies (and is reaped) at 0.5 s, not when its writer ends at 2 s
    r = model("(sleep 0.5; kill -9 $(cat /tmp/p); sleep 0.1; ps -o stat= -p $(cat /tmp/p) || echo gone) &\n"
              "sleep 2 | { echo $BASHPID > /tmp/p; exec cat; }; echo ${PIPESTATUS[@]}")
    assert r.stdout == "gone\n0 137\n"


def test_no_pipestatus_and_wait_n_takes_the_job():
    r = model("false | true; sleep 1 | (exit 3) & echo ${PIPESTATUS[@]}; wait -n; echo $?")
    assert r.stdout == "1 0\n3\n"
