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
