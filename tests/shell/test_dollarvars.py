"""The positional parameters' copies and a function call's context in bash's arena
(shell/dollarvars.py; docs/fidelity.md item 301+): what bash 5.2.15 allocates for
them (calibration/bash-hash-walk.sh, recording bash-hash-walk.txt.gz)."""
from __future__ import annotations

from types import SimpleNamespace

from memcgsim import Kernel
from memcgsim.shell import dollarvars, run_script
from memcgsim.shell.malloc import Heap


def _sh() -> SimpleNamespace:
    return SimpleNamespace(heap=Heap(None, None, top=0, brk=1 << 20), noexec=None,
                           arg_chunks=(), dollar_stack=None, funcnames=[])


def test_set_makes_a_copy_of_each_of_the_first_nine_and_shift_frees_the_first():
    """``set -- x y z``: three 2-byte copies; ``shift``: ``$1``'s freed (to its
    tcache bin), the others kept; ``set --`` again frees the rest."""
    sh = _sh()
    dollarvars.remember_args(sh, ["x", "y", "z"] + [str(i) for i in range(10)])
    assert len(sh.arg_chunks) == 9 and all(c[1] == 32 for c in sh.arg_chunks)
    first = sh.arg_chunks[0]
    dollarvars.shift(sh, 1)
    assert len(sh.arg_chunks) == 8 and sh.heap.tcache[0] == [first[0]]
    dollarvars.remember_args(sh, [])
    assert sh.arg_chunks == () and len(sh.heap.tcache[0]) == 7


def test_a_call_keeps_the_dollar_stack_and_frees_the_rest_as_it_returns():
    """The first call makes ``dollar_arg_stack``'s 10 slots (240 bytes), kept; the
    getopts state, ``first_ten``, the context, the arrays' elements and values,
    the state and the arguments are all freed at the return, the caller's
    arguments back."""
    sh = _sh()
    dollarvars.remember_args(sh, ["top"])
    outer = sh.arg_chunks
    ctx = dollarvars.push_context(sh, "f")
    assert sh.dollar_stack[0][1] == 256 and sh.dollar_stack[1] == 10
    assert [c[1] for c in ctx] == [48, 96, 48, 32]
    fa = dollarvars.push_arrays(sh, "f", "/mnt/disk/work/t.sh", 12, ["a", "b", "c"])
    assert len(fa) == 7 and fa[-1][1] == 64 and len(sh.arg_chunks) == 3
    top = sh.heap.top
    dollarvars.pop_arrays(sh, fa)
    dollarvars.pop_context(sh, ctx, outer)
    assert sh.arg_chunks == outer
    again = dollarvars.push_context(sh, "f")
    assert sh.dollar_stack[1] == 10 and sh.heap.top == top     # reused, stack kept
    assert [c[1] for c in again] == [48, 96, 48, 32]


def test_a_stack_of_ten_calls_grows_the_dollar_stack():
    """``push_dollar_vars``: 10 more slots once the index reaches the last two."""
    sh = _sh()
    for depth in range(10):
        sh.funcnames = ["f"] * depth
        dollarvars.push_context(sh, "f")
    assert sh.dollar_stack[1] == 20 and sh.dollar_stack[0][1] == 496


def test_a_script_calling_a_function_runs_as_before():
    """The chunks change nothing a script prints."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox")
    r = run_script(k, 'f() { echo "$#:$1"; shift; echo "$*"; }\nf a b c\nset -- x y\nshift\necho $1\n', "t.sh")
    assert r.stdout == "3:a\nb c\ny\n"
