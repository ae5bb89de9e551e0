"""Arrays changed in place by the shell that made them, copied after a fork
(shell/arrays.py); their element chunks in the heap model (shell/malloc.py)."""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from fakesys import FAKE_COMMANDS, FakeSys  # noqa: E402

from memcgsim.shell import Shell  # noqa: E402
from memcgsim.shell.arrays import max_index  # noqa: E402
from memcgsim.shell.malloc import ELEMENT_BYTES, chunk_size  # noqa: E402


def _shell() -> Shell:
    return Shell(FakeSys(), script_name="s.sh", commands=FAKE_COMMANDS)


def test_an_append_changes_the_shells_own_array_in_place():
    sh = _shell()
    sh.assign_array("a", ["x"])
    a = sh.get_array("a")
    sh.assign_array("a", ["yy"], append=True)
    sh.assign_element("a", 5, "z")
    assert sh.get_array("a") is a and a == {0: "x", 1: "yy", 5: "z"}
    assert max_index(sh, a) == 5


def test_after_a_fork_parent_and_child_copy_on_their_first_write():
    sh = _shell()
    sh.assign_array("a", ["x", "y"])
    a = sh.get_array("a")
    child = sh.fork_state(sh.task)
    sh.assign_array("a", ["p"], append=True)
    child.assign_element("a", 0, "c")
    child.unset_element("a", child.get_array("a"), 1)
    assert a == {0: "x", 1: "y"}
    assert sh.get_array("a") == {0: "x", 1: "y", 2: "p"}
    assert child.get_array("a") == {0: "c"}
    # each has its own element chunks: the parent's three, the child's one
    assert len(sh.var_chunks["a"][1]) == 3 and len(child.var_chunks["a"][1]) == 1


def test_element_chunks_are_those_of_the_values_added_last():
    sh = _shell()
    sh.assign_array("a", [])
    top = sh.heap.top
    values = ["v" * n for n in range(1, 40)]
    for v in values:
        sh.assign_array("a", [v], append=True)
    # array_create_element: the ARRAY_ELEMENT (48-byte chunk), then its value's copy
    assert sh.heap.top - top == sum(chunk_size(ELEMENT_BYTES) + chunk_size(len(v) + 1)
                                    for v in values)
    chunks = sh.var_chunks["a"][1]
    assert [(e[1], c[1]) for e, c in chunks] == [(chunk_size(ELEMENT_BYTES), chunk_size(len(v) + 1))
                                                 for v in values]


def test_the_highest_index_follows_unsets():
    sh = _shell()
    sh.assign_array("a", [str(i) for i in range(100)])
    for i in range(99, 49, -1):
        sh.unset_element("a", sh.get_array("a"), i)
    a = sh.get_array("a")
    assert max_index(sh, a) == 49 == max(a)
    sh.unset_element("a", a, 10)
    sh.unset_element("a", a, 49)
    sh.unset_element("a", a, 48)
    assert max_index(sh, a) == 47
    sh.assign_array("b", [(0, "x"), (2, "y"), (7, "z")])
    sh.unset_element("b", sh.get_array("b"), 7)
    assert max_index(sh, sh.get_array("b")) == 2


def test_a_readonly_array_is_not_changed():
    sh = _shell()
    r = sh.run("r=(1 2); readonly r\nr+=(3)\nr[0]=9\nunset 'r[1]'\necho ${r[*]}")
    assert r.stdout == "1 2\n" and r.stderr.count("readonly variable") == 3
