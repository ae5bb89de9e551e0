#!/usr/bin/env python3
"""memcgsim calibration (session 41, branch heap41, docs/fidelity.md item 372): the
parser's kept buffers in the script bash's arena that calibration/bash-heap-arena.sh
dumped (default: the 6.1 guest's recording), found by their contents: the chunk
holding the first command's last line and its newline (``shell_input_line``), the
one starting with a run of bytes 1 (``shell_input_line_property``: ``memset (…, 1,
len)``, the newline's 1 after), the one holding the command's last word (``token``,
496 bytes asked). Prints each chunk's offset and size and the bytes found.

    python3 calibration/bash-parser-bufs.py [FILE]
"""
import importlib.util
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("bha", os.path.join(HERE, "bash-heap-arena.py"))
bha = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bha)

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    HERE, "recordings", "bash-heap-arena--6.1-v2.txt")
heap = bha.blocks(open(path).read())["heap-gz-b64"]
q = lambda o: struct.unpack_from("<Q", heap, o)[0]
o = next(o for o in range(0, 0x4000, 16) if q(o + 8) == 0x291)
last = 'echo "arena-gz-b64 end"\'\n'.encode()
while o < len(heap):
    size = q(o + 8) & ~7
    if size == 0:
        break
    data = heap[o + 16:o + size + 8]
    text = data.split(b"\0")[0]
    ones = len(data) - len(data.lstrip(b"\x01"))
    if text == last:
        print(f"input_line {o} {size}: {text!r}")
    elif ones >= 20:
        print(f"property {o} {size}: {ones} bytes of 1")
    elif size == 512 and text.startswith(b"'p=$PPID") and text.endswith(b"'"):
        print(f"token {o} {size}: {len(text)} bytes, the command's last word")
    o += size
