"""What bash 5.2 allocates in its own arena when it expands a ``$(...)``: the
parser's saved state, the ``PIPESTATUS`` copy it keeps, ``parse_string``'s
unwind-protect saves and its transient parse of the text.

subst.c ``extract_command_subst`` finds the end of a ``$(...)`` with parse.y
``xparse_dolparen``, which parses the text again in the parent before
``command_substitute`` forks (a backquoted command is only scanned for its closing
quote: ``string_extract``, none of this). ``xparse_dolparen``:
``save_parser_state`` mallocs the token state (``save_token_state``: four ``int``,
16 bytes) and copies ``PIPESTATUS`` (variables.c ``save_pipestatus_array``:
array.c ``array_copy``, the ``ARRAY`` and its head element, 32 bytes each, then an
element of 32 and its value, ``itos``'s two bytes); evalstring.c ``parse_string``
runs ``parse_prologue``, whose ``unwind_protect_int``s and ``unwind_protect_jmp_buf
(top_level)`` each ``xmalloc`` a fresh element (unwind_prot.c
``unwind_protect_mem_internal``: 28 bytes and the saved variable's, at least
``sizeof (UNWIND_ELT)``, 32: a ``procenv_t`` of 200 bytes asks for 228) and whose
``begin_unwind_frame`` and ``add_unwind_protect`` calls take elements from the
cache; then ``push_stream`` (64 bytes), ``init_yy_io``'s copy of the name
"command substitution" (21), the input line (``shell_getc``: 256), the token
buffer (496) and the command's tree, all freed once parsed; ``run_unwind_frame``
hands the saves to unwind_prot.c's cache (shell/execframes.py
:func:`~memcgsim.shell.execframes.run_frame`), and ``restore_parser_state`` frees
the token state and keeps the copy: ``restore_pipestatus_array`` disposes of the
array ``PIPESTATUS`` held, so the array moves to the chunks the copy took
(bash 5.2 parse.y ``xparse_dolparen``, ``save_parser_state``,
``restore_parser_state``; evalstring.c ``parse_string``, ``parse_prologue``;
variables.c ``save_pipestatus_array``, ``restore_pipestatus_array``). Traced in
the host's bash 5.2.15, each request with its callers
(calibration/parse-tree-malloc.sh with ``MTR=mtrbt``, read by
calibration/bash-malloc-callers.py; docs/fidelity.md item 221).

``parse_prologue`` also copies ``the_printed_command_except_trap`` (``$BASH_COMMAND``:
``Shell.cur_cmd``), which ``restore_lastcom`` frees as the frame runs.

Not modelled: ``pop_stream``'s new copy of the script's name, and the same
``save_parser_state``/``restore_parser_state`` pair as ``parse_comsub`` reads a
``$(...)`` while the command is parsed (the tree's own requests are
shell/parsetree.py's).
"""
from __future__ import annotations

from . import execframes, wordcache
from .parsetree import tree_sizes

#: parse.y ``save_token_state``: ``xmalloc (4 * sizeof (int))``
TOKEN_STATE_SIZE = 16
#: ``array_copy`` of a one-element ``PIPESTATUS``: the ``ARRAY``, its head
#: element, the element and its value (``itos``: "0" and its NUL)
PIPESTATUS_SIZES = (32, 32, 32, 2)
#: evalstring.c ``parse_prologue`` under ``xparse_dolparen``'s flags
#: (``SEVAL_NONINT|SEVAL_NOHIST|SEVAL_NOFREE``): ``parse_and_execute_level``,
#: ``top_level`` (a ``procenv_t``, 200 bytes), ``indirection_level``,
#: ``line_number``, ``line_number_for_err_trap``, ``loop_level``,
#: ``executing_list``, ``comsub_ignore_return``, ``interactive``,
#: ``history_expansion_inhibited``: ``unwind_protect_mem``'s requests in order
PARSE_PROLOGUE_SAVES = (32, 228, 32, 32, 32, 32, 32, 32, 32, 32)
#: its other elements (from the cache): the frame's tag, ``restore_lastcom``,
#: ``pop_stream``
PARSE_PROLOGUE_ELTS = 3
#: ``push_stream``'s ``STREAM_SAVER``, ``init_yy_io``'s name, ``shell_getc``'s
#: ``shell_input_line``, its next allocation (33 bytes grown to 34), the token buffer
PARSE_STRING_BUFS = (64, 21, 256, 34, 496)


def xparse_dolparen(sh, node) -> None:
    """The parent's allocations for ``$(...)`` of ``node`` before it forks (bash
    only: busybox sh has its own parser)."""
    if sh.noexec is not None:
        return
    heap = sh.heap
    state = heap.malloc_many((TOKEN_STATE_SIZE,) + PIPESTATUS_SIZES)
    saves = execframes.save_mem(sh, PARSE_PROLOGUE_SAVES, PARSE_PROLOGUE_ELTS)
    parse = heap.malloc_many((len(sh.cur_cmd) + 1,) + PARSE_STRING_BUFS)
    # the tree's words and lists from make_cmd.c's caches (shell/wordcache.py);
    # dispose_command: the tree, the last first, then its buffers
    wordcache.give(sh, wordcache.take(sh, tree_sizes(node)))
    # init_yy_io's name; run_unwind_frame: pop_stream's, restore_lastcom's
    heap.free_many([parse[2], parse[1], parse[0]])
    execframes.run_frame(sh, saves)
    heap.free_many(parse[3:5] + state[:1])          # the line, the token state
    old = sh.ps_chunks
    if old:
        heap.free_many(list(old))                   # restore_pipestatus_array
    sh.ps_chunks = tuple(state[1:])
    heap.free(parse[5])                             # the token buffer
