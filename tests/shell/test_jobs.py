"""Job numbers as bash keeps them: a job's %N is fixed for its life, a new job takes
one past the highest still in the table (checked against bash 5.2.15 here:
the scripts below print the same in bash)."""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from test_hangs import model  # noqa: E402


def test_a_job_keeps_its_number_after_an_earlier_one_ends():
    r = model("sleep 0.2 & sleep 2 & wait %1; kill %2; echo $?; sleep 1 & jobs -p | wc -l; "
              "kill %3; echo $?; wait")
    assert (r.stdout, r.stderr, r.status) == ("0\n2\n0\n", "", 0)


def test_numbers_start_again_once_the_table_is_empty():
    r = model("sleep 0.3 & wait; sleep 0.3 & jobs | cut -c1-3; kill %1; echo $?; kill %2")
    assert r.stdout == "[1]\n0\n" and "kill: %2: no such job" in r.stderr


def test_a_job_waiting_for_its_command_lets_the_others_run():
    """A background job's shell blocks in ``waitpid`` while its external command runs
    (bash ``waitchld``, kernel ``do_wait`` → ``schedule``): the other jobs and the
    foreground run meanwhile, so two jobs forking commands take turns command by
    command and a foreground subshell forked after them runs among their first
    rounds, not after them (docs/fidelity.md item 311)."""
    r = model("w() { local i; for i in 1 2 3 4 5 6; do mkdir -p d$1; rmdir d$1; "
              "echo $1$i >> log; done; }\n"
              "w a & w b &\n( echo fg >> log )\nwait; tr '\\n' ' ' < log")
    order = r.stdout.split()
    assert sorted(order) == sorted(["fg"] + [f"{j}{i}" for j in "ab" for i in range(1, 7)])
    assert order.index("fg") <= 2
    # each job's rounds alternate with the other's: no three in a row from one job
    jobs = [w[0] for w in order if w != "fg"]
    assert all(len(set(jobs[i:i + 3])) == 2 for i in range(len(jobs) - 2)), order
