"""``execute_command``'s own allocations in bash 5.2's arena: an fd bitmap and an
unwind-protect frame for each call, nested once a level of a command list.

execute_cmd.c ``execute_command`` makes a ``struct fd_bitmap`` (16 bytes: ``size``,
``bitmap``) and its ``FD_BITMAP_DEFAULT_SIZE`` (32) bytes (``new_fd_bitmap``), then
``begin_unwind_frame`` and ``add_unwind_protect`` (two ``UNWIND_ELT``s, 32 bytes,
unwind_prot.c), runs the command and frees the bitmap (``dispose_fd_bitmap``); the
elements go back to unwind_prot.c's cache (``uwpfree``: ``ocache_free`` into
``uwcache``, ``UWCACHESIZE`` 128), so the arena keeps as many as were ever in use at
once, up to 128, and a later frame takes them from the cache. A list ``a; b; c``
is parsed left-associative (parse.y ``list1``, ``%left ';'``: ``((a; b); c)``) and
``execute_connection`` runs its first part through ``execute_command``: while ``a``
runs, a list of n commands holds n-1 frames, the one of the k-th part freed once
it has run. ``reader_loop`` runs each top-level command, and ``execute_for_command``
and ``execute_while_or_until`` each pass of a loop's body, through
``execute_command`` too. Seen in the host's bash 5.2.15 (calibration/
parse-tree-malloc.sh): as the pass of a 36-command loop body starts, 36 bitmaps
(16 and 32 bytes: the pass's and the list's 35 levels') and 42 new 32-byte
elements past the 30 the cache held.

Not modelled: the frames of a simple command, a pipeline or a function call
(``execute_simple_command``'s, ``execute_function``'s unwind-protects: from the
cache once it holds as many).
"""
from __future__ import annotations

#: execute_cmd.h ``struct fd_bitmap``, ``FD_BITMAP_DEFAULT_SIZE``
FD_BITMAP_SIZE = 16
FD_BITMAP_DEFAULT_SIZE = 32
#: one ``execute_command`` call's bitmap requests
FRAME_SIZES = (FD_BITMAP_SIZE, FD_BITMAP_DEFAULT_SIZE)
#: unwind_prot.c ``union uwp`` (``sv``: the head's two pointers and a ``SAVED_VAR``)
UNWIND_ELT_SIZE = 32
#: unwind_prot.c: the elements the cache keeps
UWCACHESIZE = 128
#: ``begin_unwind_frame`` and ``add_unwind_protect``: the elements a frame takes
FRAME_ELTS = 2


def enter(sh, n: int = 1) -> list:
    """``n`` nested ``execute_command`` calls: their bitmaps' chunks (outermost
    first), and unwind-protect elements the cache does not hold yet."""
    if not n or sh.noexec is not None:     # none in busybox sh (no bash)
        return []
    sh.uw_live += FRAME_ELTS * n
    if sh.uw_live > sh.uw_made:
        _grow_cache(sh)
    return sh.heap.malloc_many(FRAME_SIZES * n)


def _grow_cache(sh) -> None:
    """More unwind-protect elements in use than ever before: the new ones
    malloc'd (``ocache_alloc`` with an empty cache), kept once free (up to
    ``UWCACHESIZE``)."""
    made = sh.uw_made
    if made < UWCACHESIZE:
        more = min(sh.uw_live, UWCACHESIZE) - made
        sh.heap.malloc_many((UNWIND_ELT_SIZE,) * more)
        sh.uw_made = made + more
    else:
        sh.uw_made = sh.uw_live         # past the cache's size: malloc'd and freed


def leave(sh, chunks: list, n: int = 1) -> None:
    """The innermost ``n`` of the calls return: their bitmaps (the last chunks of
    ``chunks``) freed, their elements back in the cache."""
    if not chunks:
        return
    k = len(FRAME_SIZES) * n
    sh.heap.free_many(chunks[-k:])
    del chunks[-k:]
    sh.uw_live -= FRAME_ELTS * n


def leave_all(sh, chunks: list) -> None:
    """Every call of ``chunks`` not yet left returns (a list or and-or list ended
    early: an error, ``exit``, a signal), innermost first as :func:`leave`."""
    if chunks:
        leave(sh, chunks, len(chunks) // len(FRAME_SIZES))


def run_framed(sh, node):
    """Generator: ``node`` run through ``execute_command`` (a loop's test or body
    each pass, an ``if``'s test or branch): its frame held while it runs."""
    frame = enter(sh)
    try:
        return (yield from node.run(sh))
    finally:
        leave(sh, frame)
