#!/bin/bash
# memcgsim calibration (session 12, docs/fidelity.md item 25): the block-group layout
# of the oracle's scratch disk, kernel/ext4.py ORACLE_DISK_GROUPS. Runs on the HOST
# (not in a guest): builds the image as memcgsim.oracle.image.make_disk does
# (mkfs.ext4 -q -F -t ext4 -E root_owner=0:0 -d DIR IMAGE 1024M, an empty /work of
# mode 1777) in a scratch directory and prints dumpe2fs's superblock and groups.
set -e
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/src/work"; chmod 1777 "$T/src/work"
mkfs.ext4 -q -F -t ext4 -E root_owner=0:0 -d "$T/src" "$T/disk.img" 1024M
mkfs.ext4 -V 2>&1 | head -1
dumpe2fs "$T/disk.img" 2>/dev/null | grep -v -E '^(Filesystem UUID|Filesystem created|Last write time|Last checked|Last mount time|Directory Hash Seed|Checksum|Lifetime writes):' \
  | sed -E 's/csum 0x[0-9a-f]+/csum -/g'
