"""Extract vmlinux from a bzImage, as the kernel's scripts/extract-vmlinux does: find the
compressed payload (xz for Debian's 5.10 and 6.1 builds) and decompress it.

    python3 tools/sizes/extract_vmlinux.py VMLINUZ OUT
"""
import lzma
import sys

XZ_MAGIC = b"\xfd7zXZ\x00"


def extract(data: bytes) -> bytes:
    start = data.find(XZ_MAGIC)
    while start >= 0:
        try:
            out = lzma.LZMADecompressor().decompress(data[start:])
        except lzma.LZMAError:
            out = b""
        if out.startswith(b"\x7fELF"):
            return out
        start = data.find(XZ_MAGIC, start + 1)
    raise SystemExit("no xz-compressed ELF payload found")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    with open(sys.argv[2], "wb") as f:
        f.write(extract(data))
