"""The guests' script bash's malloc arena as its first line runs: where its free
chunks lie when the script's own calls begin.

Read from the guests' Debian bash-static 5.2.15 (glibc 2.36) by
calibration/bash-heap-arena.sh: a forked busybox sh reads the parent's ``[heap]`` and
``main_arena`` (bash-static's .data, 0x63a000: not PIE) from ``/proc/PPID/mem`` at the
script's first line; calibration/bash-heap-arena.py walks them (recording
calibration/recordings/bash-heap-arena--6.1-v2.txt; the 5.10 guest's the same). The
start-up and the first line leave no chunk in the heap's first 5 pages free, but the
tcache, a fastbin and a small bin hold chunks in pages 5, 13 and 15-18 below the top
chunk (page 18.5 of the 34-page ``[heap]``): the first requests of each size the
script's commands make are served there (``tcache_get``, ``_int_malloc``'s fastbin and
small-bin paths), not from the top (docs/fidelity.md item 152; item 133's page
traces saw pages 5, 6, 13, 14, 16, 20 and 33 written in 90-96 % of a loop's fork
windows).
"""
from __future__ import annotations

#: The arena at the first line (chunk offsets in ``[heap]``, each a chunk's start:
#: ``prev_size``), as calibration/bash-heap-arena.py --python prints it from the 6.1
#: guest's recording: ``top`` (the top chunk's offset), ``brk`` (``[heap]``'s size),
#: ``tcache`` (chunk size -> entries, the next ``tcache_get``'s first), ``fastbins``
#: (chunk size -> chunks, the next taken first), ``bins`` (bin index -> (chunk, size),
#: ``fd`` order from the bin's front).
GUEST_SCRIPT_ARENA = {
    'top': 75760, 'brk': 139264,
    'tcache': {32: [63760, 63696, 23632, 64176], 48: [64640, 64816, 23696, 23040, 22960],
               64: [22832], 80: [55568], 96: [66736], 128: [65712, 65520, 65328, 65904],
               192: [54208], 384: [74880], 400: [66832, 55168], 480: [68896, 69856],
               496: [72320], 528: [67344], 944: [70336], 1040: [71280]},
    'fastbins': {32: [23744, 55824, 55760, 55680, 55648]},
    'bins': {8: [(64512, 128)]}}

#: The arrays of bash's three object caches, each ``ocache_create``'s ``xmalloc`` of
#: 128 pointers (a 1040-byte chunk) at start-up: make_cmd.c ``cmd_init``'s
#: ``wdcache`` and ``wlcache`` (``WDCACHESIZE``, ``WLCACHESIZE``), unwind_prot.c
#: ``uwp_init``'s ``uwcache`` (``UWCACHESIZE``); include/ocache.h ``ocache_free``
#: stores the freed cell's pointer in ``data[nc++]`` (a write of the array's page),
#: ``ocache_alloc`` reads ``data[--nc]`` (``nc`` is in .bss). Their chunk offsets in
#: the guests' script bash's ``[heap]`` (calibration/bash-fork-chunks.sh, recordings
#: bash-fork-chunks--K-v2.txt, walked by bash-fork-chunks.py: the three 1040-byte
#: chunks of pointers to 32- and 48-byte cells, in ``cmd_init``'s and ``uwp_init``'s
#: order; bash-heap-arena--6.1-v2.txt the same), pages 13, 13-14 and 14: the
#: caches' writes are the guests' fork pages heap 13 (parent and child) of
#: kernel/fork.py ``BASH_FORK_WRITES`` (docs/fidelity.md item 273). The host's
#: bash-static run with another environment has them 1360 bytes further.
GUEST_CACHE_ARRAYS = {"wd": 55952, "wl": 56992, "uw": 58032}

#: The start-up variables' hash buckets (hashlib.h ``BUCKET_CONTENTS``, 48-byte
#: chunks) in the guests' script bash's ``[heap]``: chunk offsets read by
#: calibration/bash-fork-chunks.py from calibration/recordings/bash-fork-chunks--K-v2.txt
#: (a 48-byte chunk whose bytes 44-47, ``times_found``, changed between two reads,
#: its key printed; docs/fidelity.md item 273's "Left"). hashlib.c ``hash_search``
#: counts ``times_found`` up at every lookup: a write of the bucket's page.
#: ``python3 calibration/bash-fork-chunks.py calibration/recordings/
#: bash-fork-chunks--6.1-v2.txt`` prints them (``24688/48 bucket '_' times_found
#: 6->7`` on page 6, beside the 64-byte chunk 24592 its ``SHELL_VAR`` is).
GUEST_VAR_BUCKETS = {"PATH": 24176, "PWD": 24416, "_": 24688, "IFS": 25104, "SHLVL": 23216}

#: variables.c ``create_variable_tables``' three hash tables (hashlib.c
#: ``hash_create``: a 32-byte ``HASH_TABLE`` chunk, then its bucket array's
#: ``nbuckets`` pointers), name -> (``HASH_TABLE`` chunk, bucket array chunk,
#: buckets): the global variables' (``VARIABLES_HASH_BUCKETS``), ``shell_functions``
#: and ``shell_function_defs`` (``FUNCTIONS_HASH_BUCKETS``). Made before the
#: environment is read, so at the same offsets in the guests' script bash
#: (calibration/recordings/bash-heap-arena--{5.10,6.1}-v2.txt, the variables' with
#: 46 entries) and their ``bash -c`` with or without exports
#: (bash-c-arena--6.1-v2.txt: 47 and 49 entries, the exported function ``st`` in
#: both functions' tables): ``python3 calibration/bash-hash-tables.py
#: calibration/recordings/bash-heap-arena--6.1-v2.txt`` prints them (a 32-byte chunk
#: whose first word points into the heap and whose ``nbuckets`` is a power of two).
GUEST_HASH_TABLES = {"variables": (6304, 6336, 1024), "functions": (14544, 14576, 512),
                     "function_defs": (18688, 18720, 512)}
