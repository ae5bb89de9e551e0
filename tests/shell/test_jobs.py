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
