"""What bash 5.2 allocates to expand an assignment's word (subst.c), as chunks of
its malloc arena (shell/malloc.py): the order and sizes of the buffers decide which
heap pages an assignment writes and how far the heap grows.

Read from bash 5.2's subst.c and checked against bash 5.2.15's own calls
(calibration/bash-malloc-trace.sh: ``NAME="$big$i-text"``, ``NAME=$big$i-text``,
``NAME="$big"``, ``NAME=$big`` and the 200-iteration append of
tests/conformance/scripts/proc-shell-pages.sh, every ``malloc``/``free``/``realloc``):

- ``execute_simple_command`` copies the command's words (``copy_word_list``) and
  ``do_assignment_internal`` the assignment word again (``savestring``): three copies
  of the word's text and one of its value part (``expand_string_assignment``'s
  ``td.word``), freed once the variable is bound;
- ``expand_word_internal`` gathers the expansion in ``istring``, first
  ``DEFAULT_INITIAL_ARRAY_SIZE`` (112) bytes; each parameter's name is copied, its
  value copied by ``quote_string`` inside double quotes (every byte preceded by
  ``CTLESC``: 2 bytes each) or ``quote_escapes`` outside (a buffer of twice the
  length, the value's bytes written), the copy appended by ``sub_append_string``
  (``istring`` reallocated to the next multiple of ``DEFAULT_ARRAY_SIZE``, 128, above
  the new length) and freed; literal characters are added the same way;
- a double-quoted part (``"..."``) is its text's copy (``string_extract_double_
  quoted``) expanded by a nested ``expand_word_internal``, whose word is then made a
  string (``string_list``), copied, dequoted and quoted again before the outer
  ``istring`` takes it; the outer word, once expanded, is made a string, copied and
  dequoted (``expand_string_assignment`` → ``string_list``, ``dequote_string``)
  before ``bind_variable`` copies the value (``make_variable_value``: ``savestring``)
  and frees the old one.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .expand import CmdSub, Lit, Param
from .malloc import MINSIZE
from .wordcache import WD, WL, uncached

if TYPE_CHECKING:  # pragma: no cover
    from .malloc import Heap
    from .expand import Word

#: subst.c: ``DEFAULT_INITIAL_ARRAY_SIZE``, ``DEFAULT_ARRAY_SIZE``
ISTRING_INITIAL = 112
ARRAY_INCR = 128
#: the offset of ``SHELL_VAR``'s ``value`` (after ``name``), x86-64
SHELL_VAR_VALUE = 8


#: sizes of bash's structures (x86-64): ``COMMAND`` (32), ``SIMPLE_COM`` (24),
#: ``WORD_DESC`` and ``WORD_LIST`` (16 each), ``REDIRECT`` (48)
COMMAND_SIZE = 32
SIMPLE_COM_SIZE = 24
WORD_SIZE = 16
REDIRECT_SIZE = 48


def assign_len(name, w) -> int:
    """An assignment word's text with its NUL (``NAME=VALUE``, ``NAME[SUB]=VALUE``)."""
    n = len(name) if type(name) is str else len(name[0]) + 2
    return n + 2 + len(getattr(w, "raw", ""))


def command_sizes(assigns: list, words: list, redirs: list) -> tuple[int, ...]:
    """The requests a simple command makes each time it runs: the copy of its
    words, assignments included (``execute_simple_command``: ``copy_word_list``,
    each word's ``WORD_DESC``, text and ``WORD_LIST`` cell, the cells from bash's
    caches: shell/wordcache.py), freed once it has run (``dispose_words``). Its parsed structures (``COMMAND``, ``SIMPLE_COM``, the
    words, the ``REDIRECT``s) belong to the tree of the command it is part of,
    held while that runs (shell/parsetree.py); ``redirs`` are not copied."""
    out: list[int] = []
    for name, w, _ in assigns:
        out += (WD, assign_len(name, w), WL)
    for w in words:
        out += (WD, len(w.raw) + 1, WL)
    return tuple(out)


def busybox_sizes(assigns: list, words: list, redirs: list) -> tuple[int, ...]:
    """busybox sh's requests while a simple command runs, as the model has them
    (bash 5.2's structures for its words and redirections, held while it runs:
    ash's own parser and ``stalloc`` stack are not modelled); bash's are
    :func:`command_sizes` and shell/parsetree.py's tree."""
    out = [COMMAND_SIZE, SIMPLE_COM_SIZE]
    out += uncached(command_sizes(assigns, words, ()))
    for r in redirs:
        t = getattr(r, "target", None)
        out += (REDIRECT_SIZE, WORD_SIZE, len(getattr(t, "raw", "")) + 1)
    return tuple(out)


#: subst.c ``read_comsub``: its buffer grows by 512 bytes (``RESIZE_MALLOCED_BUFFER``)
COMSUB_INCR = 512
#: subst.c ``read_comsub``: each ``zread`` of the pipe takes up to ``buf[COMSUB_PIPEBUF]``
COMSUB_PIPEBUF = 4096


def plain(word: "Word") -> bool:
    """A word of literal text, plain ``$NAME`` expansions and ``$(...)``s."""
    return word.alts is None and all(
        type(p) is Lit or type(p) is CmdSub or (type(p) is Param and not p.op
                                                and p.name not in "@*" and p.sub is None)
        for p in word.parts)


class ComsubBuf:
    """``read_comsub``'s buffer as the output comes through the pipe: ``xrealloc``'d
    512 bytes at a time (in place while the top or a free neighbour has room; a
    chunk past ``mmap_threshold`` that must move is mapped, and a mapped one grows
    by ``mremap``). Its pages are faulted, and charged, while the command
    substitution's child still runs and writes (bash 5.2 subst.c
    ``command_substitute``: the parent reads the pipe to EOF, then waits). Each
    byte read is written once, at ``istring_index`` (``read_comsub``'s loop): a
    resize in place writes the bytes past those already read (``kept``), a move
    copies them all (malloc.py ``Heap.realloc``)."""
    __slots__ = ("heap", "chunk", "size", "done")

    def __init__(self, heap: "Heap") -> None:
        self.heap = heap
        self.chunk: tuple[int, int] | None = None
        self.size = COMSUB_INCR
        #: the bytes read into the buffer so far (its NUL not counted)
        self.done = 0

    def grow(self, n: int) -> tuple[int, int]:
        """The buffer once ``n`` bytes in all have been read."""
        heap = self.heap
        final = (n + 1) // COMSUB_INCR * COMSUB_INCR + COMSUB_INCR
        size = self.size
        chunk = self.chunk
        done = self.done
        if chunk is None:
            chunk = heap.malloc(size, n + 1 if n + 1 < size else size)
            done = n if n < size else size
        while size < final:
            addr, csize = chunk
            if addr >= 0 and addr + csize == heap.top and heap.brk - addr >= final + MINSIZE:
                size = final                # every step in place in the top: at once
            else:
                size += COMSUB_INCR
            chunk = heap.realloc(chunk, size, min(n + 1, size), done)
            done = n if n < size else size
        self.chunk, self.size, self.done = chunk, size, done
        return chunk


def sub_append_size(size: int, index: int, srclen: int) -> int:
    """``sub_append_string``'s new ``istring`` size for ``srclen`` more bytes at
    ``index`` (unchanged when they fit)."""
    if srclen < size - index:
        return size
    n = srclen + index
    return n + ARRAY_INCR - n % ARRAY_INCR


class _Istring:
    """One ``expand_word_internal``'s ``istring``: its chunk, size and length."""
    __slots__ = ("heap", "chunk", "size", "index")

    def __init__(self, heap: "Heap") -> None:
        self.heap = heap
        self.chunk = heap.malloc(ISTRING_INITIAL, 1)
        self.size = ISTRING_INITIAL
        self.index = 0

    def append(self, n: int) -> None:
        """``sub_append_string`` of ``n`` bytes (written into the buffer)."""
        size = sub_append_size(self.size, self.index, n)
        if size != self.size:
            self.size = size
            self.chunk = self.heap.realloc(self.chunk, size, self.index + n + 1)
        self.index += n


def _expand_parts(heap: "Heap", parts: list, values: list[int], dq: bool,
                  ist: _Istring) -> None:
    """The parts' expansions appended to ``ist`` (a parameter: its name's copy, the
    value's quoted copy appended and freed; literal text appended)."""
    vals = iter(values)
    for p in parts:
        if type(p) is Lit:
            if p.text:
                ist.append(2 * len(p.text) if dq else len(p.text))
            continue
        if type(p) is CmdSub:
            # command_substitute's string: quoted again inside double quotes
            v = next(vals)
            if v is None:
                continue
            buf, n = v
            if dq:
                quoted = heap.malloc(2 * n + 1)
                heap.free(buf)
                ist.append(2 * n)
                heap.free(quoted)
            else:
                ist.append(n)
                heap.free(buf)
            continue
        n = next(vals)
        name = heap.malloc(len(p.name) + 1)
        q = 2 * n if dq else n
        quoted = heap.malloc(2 * n + 1, q + 1)
        heap.free(name)
        ist.append(q)
        heap.free(quoted)


class Assignment:
    """``NAME=WORD`` being expanded: the word's copies, the value part's copy and
    the outer ``istring``, made before the expansion runs (:func:`begin`)."""
    __slots__ = ("heap", "word", "copies", "rhs", "outer")

    def __init__(self, heap: "Heap", word: "Word", name: str) -> None:
        self.heap = heap
        self.word = word
        n = len(name) + 2 + len(word.raw)
        self.copies = [heap.malloc(n) for _ in range(3)]
        self.rhs = heap.malloc(len(word.raw) + 1)
        self.outer = _Istring(heap)
        if word.blocking:
            # bash 5.2.15 frees the first copy as a $(...) of the word starts
            # (calibration/recordings/bash-malloc--strings.txt.gz; which of its
            # functions frees it was not traced)
            heap.free(self.copies.pop(0))

    def end(self, lens: list[int], vlen: int, bufs: list = ()) -> list:
        """The expansion's buffers once its parts are known: ``lens`` the
        parameters' value lengths in the word's order, ``bufs`` the command
        substitutions' ``read_comsub`` buffers and lengths, ``vlen`` the value's.
        Returns the chunks freed after the variable's own copy is made (the
        dequoted string and the word's copies)."""
        heap = self.heap
        olen = _expand_word(heap, self.word, lens, bufs, self.outer, True)
        e = heap.malloc(olen + 1)                     # string_list
        heap.free(self.outer.chunk)
        heap.free(self.rhs)
        f = heap.malloc(olen + 1)
        heap.free(e)
        g = heap.malloc(vlen + 1)                     # dequote_string
        heap.free(f)
        return [g] + self.copies[::-1]


def _expand_word(heap: "Heap", word: "Word", lens: list[int], bufs, outer: _Istring,
                 assignment: bool) -> int:
    """``expand_word_internal`` of ``word`` into ``outer``: unquoted parts appended
    as they are, each double-quoted run as its text's copy expanded by a nested
    ``expand_word_internal`` whose word is made a string (``string_list``),
    dequoted and quoted again (``quote_string``) before ``outer`` takes it. An
    assignment's right side (``assignment``) copies the string once more before the
    dequote and frees the run's text after the string is made; a word of a
    compound array assignment frees the text first (the host bash 5.2.15's calls,
    calibration/bash-malloc-trace.sh). Returns ``outer``'s length."""
    it_l, it_b = iter(lens), iter(bufs)
    # a $(< FILE) reads without read_comsub's buffer: nothing of it (None)
    values = [next(it_b, None) if type(p) is CmdSub else next(it_l, 0)
              for p in word.parts if type(p) is not Lit]
    parts = word.parts
    i = 0
    n = len(parts)
    vi = 0
    while i < n:
        p = parts[i]
        if not p.quoted:
            k = 0 if type(p) is Lit else 1
            _expand_parts(heap, [p], values[vi:vi + k], False, outer)
            vi += k
            i += 1
            continue
        j = i
        while j < n and parts[j].quoted:
            j += 1
        run = parts[i:j]
        k = sum(1 for q in run if type(q) is not Lit)
        rlen = sum(len(q.text) if type(q) is Lit else len(getattr(q, "name", "")) + 3
                   for q in run)
        text = heap.malloc(rlen + 2)
        inner = _Istring(heap)
        _expand_parts(heap, run, values[vi:vi + k], True, inner)
        vi += k
        ilen = inner.index
        if assignment:
            a = heap.malloc(ilen + 1)                 # string_list
            heap.free(inner.chunk)
            heap.free(text)
            b = heap.malloc(ilen + 1)
            heap.free(a)
        else:
            heap.free(text)
            b = heap.malloc(ilen + 1)                 # string_list
            heap.free(inner.chunk)
        c = heap.malloc(ilen // 2 + 1)                # dequote_string
        heap.free(b)
        d = heap.malloc(ilen + 1)                     # quote_string
        heap.free(c)
        outer.append(ilen)
        heap.free(d)
        i = j
    return outer.index


def array_word_plain(word: "Word") -> bool:
    """A word of ``NAME=(...)`` whose buffers :class:`ArrayWord` follows: plain
    (:func:`plain`), every expansion in it double-quoted (one field, no
    splitting)."""
    return plain(word) and all(p.quoted for p in word.parts if type(p) is not Lit)


class ArrayWord:
    """A word of a compound array assignment (``NAME=(WORD...)``, ``NAME+=(...)``)
    being expanded: arrayfunc.c ``expand_compound_array_assignment`` →
    subst.c ``expand_words_no_vars``: the word's ``istring`` (made before its
    parts expand), the quoted runs' buffers (:func:`_expand_word`), then the
    expanded word's string (``olen + 1`` bytes), held in the word list until
    ``assign_compound_array_list`` has bound every element (freed by the caller
    after :func:`bind_array_element`). Traced: ``a+=("$s")`` of a 1 MiB ``s``
    mallocs 2n + 1, 2n + 1, n + 1, 2n + 1 and 2n + 1 bytes and grows both
    ``istring``s to 2n + 128 (calibration/bash-malloc-trace.sh; on the guests
    calibration/bash-big-strings.sh: the heap grows 1009 pages at the first)."""
    __slots__ = ("heap", "word", "outer")

    def __init__(self, heap: "Heap", word: "Word") -> None:
        self.heap = heap
        self.word = word
        self.outer = _Istring(heap)

    def end(self, lens: list[int], bufs: list = ()) -> tuple[int, int]:
        """The word expanded (``lens``, ``bufs`` as :meth:`Assignment.end`'s):
        its string's chunk, ``outer`` freed (``make_bare_word``)."""
        heap = self.heap
        olen = _expand_word(heap, self.word, lens, bufs, self.outer, False)
        g = heap.malloc(olen + 1)
        heap.free(self.outer.chunk)
        return g


def bind_array_element(heap: "Heap", n: int, element_bytes: int) -> tuple:
    """``bind_array_var_internal`` of an ``n``-byte value: ``make_variable_value``'s
    copy (``savestring``), ``array_insert`` → ``array_create_element``'s
    ``ARRAY_ELEMENT`` and its own copy, then the first copy freed (``FREE
    (newval)``); bash 5.2 arrayfunc.c, array.c. Returns the element's chunks."""
    newval = heap.malloc(n + 1)
    elem = heap.malloc(element_bytes), heap.malloc(n + 1)
    heap.free(newval)
    return elem


def operand_copies(heap: "Heap", n: int, dq: bool) -> tuple:
    """The copies of an ``n``-byte value an operator works on (``${x:0:10}``,
    ``${x#pat}``...): ``parameter_brace_expand_word``'s quoted copy
    (``quote_string`` inside double quotes, every byte after a ``CTLESC``;
    ``quote_escapes`` outside, the bytes as they are; a buffer of 2n + 1 either
    way) and ``get_var_and_type``'s dequoted one (n + 1). Traced (the host bash
    5.2.15, calibration/bash-malloc-trace.sh): ``z=${s:0:10}`` and ``z=${s#  }`` of a
    1 MiB ``s`` malloc 2097153 then 1048577 bytes; the first is freed last
    (:func:`free_operand_copies`)."""
    quoted = heap.malloc(2 * n + 1, 2 * n + 1 if dq else n + 1)
    return quoted, heap.malloc(n + 1)


def free_operand_copies(heap: "Heap", copies: tuple) -> None:
    """The operator's copies freed once it has its result: the dequoted one, then
    the quoted one."""
    heap.free(copies[1])
    heap.free(copies[0])


def free_elements(heap: "Heap", elements: list) -> None:
    """Each array element's value, then the ``ARRAY_ELEMENT`` itself, freed
    (bash 5.2 array.c ``array_dispose_element``); an element is the pair of
    chunks ``array_create_element`` made: the structure, its value's copy (an
    associative array's ``BUCKET_CONTENTS``, value and key: hashlib.c
    ``hash_flush`` frees the value, the key, then the bucket)."""
    for elem in elements:
        for c in elem[1:]:
            heap.free(c)
        heap.free(elem[0])


#: builtins/printf.def: ``printf -v``'s buffer is freed after a call when larger
#: (``PRETURN``: ``vbsize > 4096``), else kept for the next
PRINTF_VBUF_KEEP = 4096


def printf_vbuf(sh, n: int) -> tuple:
    """``printf -v``'s ``vbuf`` holding ``n`` bytes of output (bash 5.2
    builtins/printf.def): 16 bytes at the first ``-v`` (``xmalloc (vbsize = 16)``),
    grown by ``xrealloc`` to the next multiple of 64 above the output when it does
    not fit (``vbadd``, ``vbprintf``: ``nlen >= vbsize``), and written. The output is
    taken as one addition (a format of several pieces grows it in steps: the final
    size is the same). Returns (chunk, vbsize), kept in ``sh.printf_vbuf``."""
    heap = sh.heap
    vb = sh.printf_vbuf
    chunk, size = vb if vb is not None else (heap.malloc(16, 1), 16)
    if n + 1 >= size:
        size = ((n + 1 + 63) >> 6) << 6
    chunk = heap.realloc(chunk, size, n + 1)
    sh.printf_vbuf = chunk, size
    return chunk, size


def printf_return(sh, vbuf: tuple) -> None:
    """``PRETURN`` after the variable is bound (its value copied from ``vbuf``): a
    buffer past 4096 bytes is freed, a smaller one kept."""
    chunk, size = vbuf
    if size > PRINTF_VBUF_KEEP:
        sh.heap.free(chunk)
        sh.printf_vbuf = None


#: bash 5.2 jobs.c: ``PIDSTAT_TABLE_SZ`` (the saved statuses' hash table,
#: ``ps_index_t pidstat_table[]`` in .bss: 4096 ints), ``BGPIDS_TABLE_SZ`` (the
#: saved statuses' first size, doubled up to ``js.c_childmax``), ``MAX_CHILD_MAX``
#: (its hard cap); ``struct pidstat`` (bucket_next, bucket_prev, pid, status) is
#: 16 bytes on x86-64
PIDSTAT_TABLE_SZ = 4096
BGPIDS_TABLE_SZ = 512
MAX_CHILD_MAX = 32768
PIDSTAT_SIZE = 16
#: The pages of the model's ``[data]`` that stand for ``pidstat_table``'s 16 KiB of
#: .bss, which nothing writes before the first saved status: the guests' static
#: bash faulted 3 new .bss pages there (tools/sizes/shell-heap-trace.sh, recordings
#: shell-heap-trace--6.1-v2-2cpu-stat-whole-dump.txt.gz: .bss pages 2-4, 0x63e000-
#: 0x641000), beside the image's 21 written ones (kernel/fork.py ``GUEST_BASH``)
PIDSTAT_TABLE_PAGES = ("[data]", 21, 23)


def bgpids_nalloc(childmax: int | None) -> int:
    """``bgp_resize``'s first size: ``BGPIDS_TABLE_SZ`` doubled while below
    ``js.c_childmax`` (``getmaxchild``: ``sysconf (_SC_CHILD_MAX)``, the soft
    RLIMIT_NPROC; ``DEFAULT_CHILD_MAX``, 4096, when unlimited), at most
    ``MAX_CHILD_MAX``."""
    cur = 4096 if childmax is None or childmax < 0 else childmax
    n = BGPIDS_TABLE_SZ
    while n < cur:
        n <<= 1
    return min(n, MAX_CHILD_MAX)


def bgp_add(sh) -> None:
    """``delete_job`` of a background job saves its status (``bgp_add`` →
    ``bgp_getindex``): the first time, ``bgp_resize`` fills ``pidstat_table`` with
    ``NO_PIDSTAT`` (its .bss pages written) and ``xrealloc``s ``bgpids.storage``
    to :func:`bgpids_nalloc` entries, each entry's pid set to ``NO_PID`` (every
    page of the chunk written: 64 KiB for the guests' RLIMIT_NPROC of 3775-3802, a
    heap chunk that grows the heap by 16 pages in the cgroup the shell is in then;
    the guest's bash wrote pages 74-89 of its ``[heap]`` as the first killed
    ``sleep`` was deleted). bash 5.2 jobs.c ``bgp_resize``, ``bgp_getindex``,
    ``delete_job``; later entries write one page each (not modelled)."""
    if sh.bgpids is not None:
        return
    touch = getattr(sh.sys, "touch", None)
    if touch is not None:
        area, lo, hi = PIDSTAT_TABLE_PAGES
        touch(sh.task, area, lo, hi)
    sh.bgpids = sh.heap.malloc(PIDSTAT_SIZE * bgpids_nalloc(sh.ulimits["u"][0]))


def bgp_clear(sh) -> None:
    """``wait`` with no operand discards the saved statuses (jobs.c
    ``wait_for_background_pids`` → ``bgp_clear``): ``bgpids.storage`` freed (its
    pages stay the process's) and ``pidstat_table`` filled again; the next saved
    status makes the table anew (:func:`bgp_add`)."""
    if sh.bgpids is None:
        return
    touch = getattr(sh.sys, "touch", None)
    if touch is not None:
        area, lo, hi = PIDSTAT_TABLE_PAGES
        touch(sh.task, area, lo, hi)
    sh.heap.free(sh.bgpids)
    sh.bgpids = None

