"""What bash 5.2 allocates for an array variable in its malloc arena (shell/malloc.py):
the array itself, and each element as an assignment binds or replaces it.

Read from bash 5.2's array.c, assoc.c, hashlib.c, arrayfunc.c and checked against the
host's bash 5.2.15, every ``malloc``/``free`` (calibration/bash-malloc-trace.sh on
calibration/malloc-trace/arrays.sh; recording calibration/recordings/
bash-malloc--arrays.txt.gz):

- an indexed array is an ``ARRAY`` (``array_create``: 32 bytes) and its list's head,
  an ``ARRAY_ELEMENT`` without a value (``array_create_element (-1, NULL)``: 32);
- an associative array is a ``HASH_TABLE`` (16 bytes) and its bucket array
  (``hash_create (ASSOC_HASH_BUCKETS)``: 1024 pointers, 8192 bytes, every one set
  to NULL: two pages written), made by ``declare -A``; a compound assignment
  ``NAME=(...)`` of a set associative array makes a new table before it binds the
  elements and disposes of the old one after (arrayfunc.c
  ``assign_compound_array_list``: ``assoc_create (h->nbuckets)``, ``assoc_dispose``),
  of an indexed one frees its elements first (``array_flush``);
- ``NAME[SUB]=VALUE`` binds through ``bind_array_var_internal``: the value's copy
  (``make_array_variable_value``), ``array_insert``'s new ``ARRAY_ELEMENT`` (32) and
  its own copy, the first copy freed; an element already there keeps its
  structure: ``array_insert`` frees the old value and the new structure
  (``array_dispose_element``);
- an associative element is the key's copy (``expand_subscript_string``'s, kept as
  the key), the value's copy, a ``BUCKET_CONTENTS`` (32, ``hash_search (...,
  HASH_CREATE)``) and ``assoc_insert``'s copy of the value, the first copy freed; a
  key already there frees the new key's copy and the old value
  (bind_assoc_var_internal, ``assoc_insert``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .bashmem import bind_array_element

if TYPE_CHECKING:  # pragma: no cover
    from .malloc import Heap

#: array.h ``ARRAY`` and ``ARRAY_ELEMENT`` (x86-64; as bash 5.2.15 requests them)
ARRAY_SIZE = 32
ELEMENT_SIZE = 32
#: hashlib.h ``HASH_TABLE`` (``bucket_array``, ``nbuckets``, ``nentries``) and
#: ``BUCKET_CONTENTS``; assoc.h ``ASSOC_HASH_BUCKETS``: the bucket array's pointers
HASH_TABLE_SIZE = 16
BUCKET_SIZE = 32
ASSOC_HASH_BUCKETS = 1024
#: the chunks of a variable's ``SHELL_VAR``, name, hash key and bucket that come
#: before its array's own (interp.py ``Shell._store``)
VAR_CHUNKS = 4


def make_container(heap: "Heap", assoc: bool) -> tuple:
    """The array's own chunks: ``array_create``'s ``ARRAY`` and head element, or
    ``assoc_create``'s ``HASH_TABLE`` and its bucket array (written whole)."""
    if assoc:
        return heap.malloc(HASH_TABLE_SIZE), heap.malloc(8 * ASSOC_HASH_BUCKETS)
    return heap.malloc(ARRAY_SIZE), heap.malloc(ELEMENT_SIZE, 0)


def free_container(heap: "Heap", chunks: tuple) -> None:
    """``array_dispose``/``assoc_dispose`` once the elements are freed: the head or
    bucket array, then the structure."""
    for c in reversed(chunks):
        heap.free(c)


def bind_element(heap: "Heap", key, n: int, assoc: bool) -> tuple:
    """A new element of an ``n``-byte value bound (``bind_array_var_internal``,
    ``bind_assoc_var_internal``): the element's chunks, structure first (an
    associative one's key last)."""
    if not assoc:
        return bind_array_element(heap, n, ELEMENT_SIZE)
    k = heap.malloc(len(key) + 1)                   # the subscript's copy: the key
    newval = heap.malloc(n + 1)
    b = heap.malloc(BUCKET_SIZE)
    v = heap.malloc(n + 1)
    heap.free(newval)
    return b, v, k


def replace_element(heap: "Heap", elem: tuple, key, n: int, assoc: bool) -> tuple:
    """The element of ``key`` already there given an ``n``-byte value: its
    chunks now."""
    if assoc:
        k = heap.malloc(len(key) + 1)               # the subscript's copy, freed
        newval = heap.malloc(n + 1)
        heap.free(k)
        heap.free(elem[1])
        v = heap.malloc(n + 1)
        heap.free(newval)
        return elem[0], v, elem[2]
    newval = heap.malloc(n + 1)
    new = heap.malloc(ELEMENT_SIZE)
    v = heap.malloc(n + 1)
    heap.free(elem[1])
    heap.free(new)
    heap.free(newval)
    return elem[0], v


#: ``Shell.elem_op`` of a compound assignment ``NAME=(...)``: the array's elements go
#: (``array_flush``, or a new table for an associative array)
FLUSH = object()


def position(arr: dict, key) -> int:
    """``key``'s place among ``arr``'s elements in the order they were added (the
    order of the shell's element chunks)."""
    for i, k in enumerate(arr):
        if k == key:
            return i
    return len(arr)
