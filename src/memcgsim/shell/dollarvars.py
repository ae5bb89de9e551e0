"""bash's positional parameters and a function call's context in its arena (bash
5.2 variables.c ``remember_args``, ``push_dollar_vars``, ``pop_dollar_vars``,
``shift_args``, ``new_var_context``; execute_cmd.c ``execute_function``;
getopt.c ``sh_getopt_save_istate``; array.c ``array_rshift``).

``$1``..``$9`` are bash's copies (``dollar_vars``: ``savestring`` each), the
chunks in ``Shell.arg_chunks`` (None for those the start-up heap holds: a
script's own arguments). ``set --`` frees each old copy and makes the new one in
turn; ``shift`` frees ``$1``'s. A function call (traced on the host's bash 5.2.15,
calibration/bash-hash-walk.sh, recording bash-hash-walk.txt.gz) makes, after the
body's copy: the getopts state (32), ``dollar_arg_stack`` at the first call (10
slots of 24 bytes, 240, kept; 10 more when full), the caller's ``first_ten``
(80), the ``VAR_CONTEXT`` (40) and the function's name; then, after
``execute_function``'s unwind-protect saves (shell/execframes.py), an element and
a value for each of ``FUNCNAME``, ``BASH_SOURCE`` and ``BASH_LINENO`` (the line's
``itos`` freed), the ``func_array_state`` (48), and the arguments' copies. Its
return frees the arrays' values and elements and the state, then (after the body)
the arguments, ``first_ten``, the context and the getopts state. Arguments past
the ninth (``rest_of_args``, a word list) are not modelled."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .malloc import ELEMENT_BYTES

if TYPE_CHECKING:  # pragma: no cover
    from .interp import Shell

#: getopt.h ``sh_getopt_state_t`` (optarg, optind, curopt, nextchar, charindex,
#: flags), x86-64
GETOPT_STATE_SIZE = 32
#: variables.c ``struct saved_dollar_vars`` (first_ten, rest, count): one slot of
#: ``dollar_arg_stack``, grown by ``DOLLAR_STACK_INCR`` slots
DOLLAR_SLOT_SIZE = 24
DOLLAR_STACK_INCR = 10
#: ``first_ten``: ``xmalloc (10 * sizeof (char *))``
FIRST_TEN_SIZE = 80
#: variables.h ``VAR_CONTEXT`` (name, scope, flags, up, down, table)
VAR_CONTEXT_SIZE = 40
#: execute_cmd.c ``struct func_array_state`` (three arrays and their variables)
FUNC_ARRAY_STATE_SIZE = 48
#: ``dollar_vars[1..9]``
DOLLAR_VARS = 9


def remember_args(sh: "Shell", args: list[str]) -> None:
    """``remember_args (list, 1)`` (``set --``): for ``$1``..``$9`` in turn the
    old copy freed and the new one made."""
    if sh.noexec is not None:
        return
    heap = sh.heap
    old = sh.arg_chunks
    new = []
    for i in range(DOLLAR_VARS):
        if i < len(old) and old[i] is not None:
            heap.free(old[i])
        if i < len(args):
            new.append(heap.malloc(len(args[i]) + 1))
    sh.arg_chunks = tuple(new)


def shift(sh: "Shell", n: int) -> None:
    """``shift_args``: ``$1``'s copy freed ``n`` times, the others moved down
    (a copy of ``$10`` into ``$9`` is not modelled)."""
    if sh.noexec is not None or not sh.arg_chunks:
        return
    gone, sh.arg_chunks = sh.arg_chunks[:n], sh.arg_chunks[n:]
    chunks = [c for c in gone if c is not None]
    for c in chunks:
        sh.heap.free(c)


def push_context(sh: "Shell", name: str) -> tuple:
    """``execute_function`` before its saves: the getopts state, ``push_dollar_vars``
    (the stack made or grown when full, ``first_ten``) and ``push_var_context``;
    returns what :func:`pop_context` frees."""
    heap = sh.heap
    depth = len(sh.funcnames)
    stack = sh.dollar_stack
    slots = stack[1] if stack is not None else 0
    if depth + 2 > slots:
        slots += DOLLAR_STACK_INCR
        sh.dollar_stack = (heap.realloc(stack[0] if stack is not None else None,
                                        slots * DOLLAR_SLOT_SIZE), slots)
    return tuple(heap.malloc_many((GETOPT_STATE_SIZE, FIRST_TEN_SIZE, VAR_CONTEXT_SIZE,
                                   len(name) + 1)))


def push_arrays(sh: "Shell", name: str, source: str, line: int, args: list[str]) -> tuple:
    """``execute_function`` after its saves: ``FUNCNAME``, ``BASH_SOURCE`` and
    ``BASH_LINENO`` pushed (``array_rshift``: an element and the value's copy;
    the line's ``itos`` made and freed), the ``func_array_state``; then
    ``remember_args`` of the arguments (the caller's copies saved by
    ``push_dollar_vars``: none freed). Returns the chunks :func:`pop_arrays`
    frees; the arguments' are ``sh.arg_chunks``."""
    heap = sh.heap
    ln = str(line)
    c = heap.malloc_many((ELEMENT_BYTES, len(name) + 1, ELEMENT_BYTES, len(source) + 1,
                          len(ln) + 1, ELEMENT_BYTES, len(ln) + 1))
    heap.free(c[4])
    fa = heap.malloc(FUNC_ARRAY_STATE_SIZE)
    sh.arg_chunks = tuple(heap.malloc_many(tuple(len(a) + 1 for a in args[:DOLLAR_VARS])))
    # popped as restore_funcarray_state does: BASH_SOURCE, BASH_LINENO, FUNCNAME
    # (each value, then its element), then the state
    return c[3], c[2], c[6], c[5], c[1], c[0], fa


def pop_arrays(sh: "Shell", chunks: tuple) -> None:
    """``restore_funcarray_state``: the arrays' values and elements, the state."""
    sh.heap.free_many(list(chunks[::-1]))


def pop_context(sh: "Shell", ctx: tuple, saved_args: tuple) -> None:
    """``pop_context``: the function's argument copies (``free_dollar_vars``), the
    caller's back (``pop_dollar_vars``: ``first_ten`` freed), the context and its
    name, then ``sh_getopt_restore_istate``'s state."""
    args = [c for c in sh.arg_chunks if c is not None]
    sh.arg_chunks = saved_args
    sh.heap.free_many([ctx[0], ctx[2], ctx[3], ctx[1]] + args[::-1])
