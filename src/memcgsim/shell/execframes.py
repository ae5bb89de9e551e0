"""``execute_command``'s own allocations in bash 5.2's arena: an fd bitmap and an
unwind-protect frame for each call, nested once a level of a command list.

execute_cmd.c ``execute_command`` makes a ``struct fd_bitmap`` (16 bytes: ``size``,
``bitmap``) and its ``FD_BITMAP_DEFAULT_SIZE`` (32) bytes (``new_fd_bitmap``), then
``begin_unwind_frame`` and ``add_unwind_protect`` (two ``UNWIND_ELT``s, 32 bytes,
unwind_prot.c), runs the command and frees the bitmap (``dispose_fd_bitmap``); the
elements go back to unwind_prot.c's cache (``uwpfree``: ``ocache_free`` into
``uwcache``, ``UWCACHESIZE`` 128, newest last; freed once it is full), and a later
frame takes them from the cache (``ocache_alloc``: the newest first, ``xmalloc``
once it is empty). A list ``a; b; c``
is parsed left-associative (parse.y ``list1``, ``%left ';'``: ``((a; b); c)``) and
``execute_connection`` runs its first part through ``execute_command``: while ``a``
runs, a list of n commands holds n-1 frames, the one of the k-th part freed once
it has run. ``reader_loop`` runs each top-level command, and ``execute_for_command``
and ``execute_while_or_until`` each pass of a loop's body, through
``execute_command`` too. Seen in the host's bash 5.2.15 (calibration/
parse-tree-malloc.sh): as the pass of a 36-command loop body starts, 36 bitmaps
(16 and 32 bytes: the pass's and the list's 35 levels') and 42 new 32-byte
elements past the 30 the cache held.

``unwind_protect_mem`` (``unwind_protect_int``, ``unwind_protect_jmp_buf``,
``unwind_protect_pointer``) does not take its element from the cache: each call
``xmalloc``s one with room for the saved variable, and ``run_unwind_frame`` hands
it to the cache like any other (``uwpfree``), which keeps it while it holds fewer
than 128 (``ocache_free``; past that it is freed): the cache fills with the saves of
each ``$(...)``'s ``parse_string`` (shell/dolparen.py) and each function call
(``execute_function``: :data:`EXECUTE_FUNCTION_SAVES`), and a later frame takes
those chunks as its elements. The host's bash 5.2.15 at runtime-cycle-arena.sh's
probe holds 192 elements: 128 saves of 32 bytes, 12 of 228, one of 36, 51 made by
``begin_unwind_frame`` and ``add_unwind_protect`` (calibration/
bash-malloc-callers.py; docs/fidelity.md item 221).

Each element put back is stored in the cache's array (``uwp_init``'s 128
pointers, in the start-up arena: a write of its page where malloc.py
``CACHE_ARRAYS`` knows it). Not modelled: the frames of a simple command or a
pipeline (from the cache once it holds as many).
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
#: execute_cmd.c ``execute_function`` (bash 5.2): ``unwind_protect_int`` of
#: ``line_number``, ``line_number_for_err_trap``, ``function_line_number``,
#: ``return_catch_flag``, ``unwind_protect_jmp_buf (return_catch)`` (a 200-byte
#: ``procenv_t``), ``unwind_protect_pointer (this_shell_function)``,
#: ``unwind_protect_int`` of ``funcnest`` and ``loop_level``: the requests in order
EXECUTE_FUNCTION_SAVES = (32, 32, 32, 32, 228, 36, 32, 32)
#: its other elements: ``begin_unwind_frame ("function_calling")``, and
#: ``add_unwind_protect`` of ``maybe_restore_getopt_state``, ``pop_context``,
#: ``dispose_command``
EXECUTE_FUNCTION_ELTS = 4


def enter(sh, n: int = 1) -> list:
    """``n`` nested ``execute_command`` calls: their bitmaps' chunks (outermost
    first); their unwind-protect elements taken from the cache, else malloc'd."""
    if not n or sh.noexec is not None:     # none in busybox sh (no bash)
        return []
    _take(sh, FRAME_ELTS * n)
    return sh.heap.malloc_many(FRAME_SIZES * n)


def _take(sh, k: int) -> None:
    """``ocache_alloc`` of ``k`` elements: the cache's newest first, then new
    chunks once it is empty; in use (``uw_used``) until their frame is run."""
    cache = sh.uw_cache
    used = sh.uw_used
    c = len(cache)
    if c >= k:
        used.extend(reversed(cache[c - k:]))
        del cache[c - k:]
        return
    if c:
        used.extend(reversed(cache))
        cache.clear()
    used.extend(sh.heap.malloc_many((UNWIND_ELT_SIZE,) * (k - c)))


def _release(sh, k: int) -> None:
    """``uwpfree`` of the last ``k`` elements in use, the newest first: into the
    cache while it holds fewer than ``UWCACHESIZE``, else freed."""
    used = sh.uw_used
    rel = used[len(used) - k:]
    del used[len(used) - k:]
    rel.reverse()
    cache = sh.uw_cache
    n = len(cache)
    room = UWCACHESIZE - n
    if room >= k:
        cache.extend(rel)
    else:
        cache.extend(rel[:room])
        sh.heap.free_many(rel[room:])
    arrays = getattr(sh, "cache_arrays", None)
    if arrays is not None and len(cache) > n:   # ocache_free: data[nc++] = elt
        sh.heap.write_slots(arrays["uw"], n, len(cache) - 1)


def leave(sh, chunks: list, n: int = 1) -> None:
    """The innermost ``n`` of the calls return: their bitmaps (the last chunks of
    ``chunks``) freed, their elements back in the cache."""
    if not chunks:
        return
    k = len(FRAME_SIZES) * n
    sh.heap.free_many(chunks[-k:])
    del chunks[-k:]
    _release(sh, FRAME_ELTS * n)


def save_mem(sh, sizes: tuple[int, ...], elts: int) -> int:
    """A frame of ``elts`` elements (from the cache) and ``unwind_protect_mem``
    saves of ``sizes`` (each malloc'd): how many elements the frame holds."""
    if sh.noexec is not None:
        return 0
    _take(sh, elts)
    sh.uw_used.extend(sh.heap.malloc_many(sizes))
    return elts + len(sizes)


def run_frame(sh, k: int) -> None:
    """``run_unwind_frame`` of :func:`save_mem`'s frame of ``k`` elements: each
    back to the cache, the last saved first (``unwind_frame_run_internal``: the
    list's head first), those it has no room for freed."""
    if k:
        _release(sh, k)


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
