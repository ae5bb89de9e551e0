#!/bin/bash
# memcgsim calibration (session 12): the block-group layout of the model's host root
# disk (kernel/ext4.py host_disk_groups). Runs on the HOST (not in a guest): a 64 GiB
# sparse image made with the oracle image's mkfs.ext4 options, its dumpe2fs checked
# group by group against the rule; prints the superblock's counts (the reserved
# and overhead blocks statfs subtracts, session 16) and "rule holds".
set -e
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/src"
mkfs.ext4 -q -F -t ext4 -E root_owner=0:0 -d "$T/src" "$T/disk.img" 64G
mkfs.ext4 -V 2>&1 | head -1
dumpe2fs "$T/disk.img" 2>/dev/null > "$T/dump"
grep -E '^(Inode count|Block count|Reserved block count|Overhead clusters|Free blocks|Reserved GDT blocks|Inodes per group|Flex block group size):' "$T/dump"
PYTHONPATH="$(dirname "$0")/../src" python3 - "$T/dump" <<'PY'
import re, sys
from memcgsim.kernel.ext4 import HOST_DISK_GROUPS
t = open(sys.argv[1]).read()
gs = re.findall(r"Group (\d+): \(Blocks \d+-\d+\)[^\n]*?(\[[^\]]*\])?\n(.*?)(?=\nGroup |\Z)", t, re.S)
assert len(gs) == len(HOST_DISK_GROUPS), len(gs)
for (g, flags, body), want in zip(gs, HOST_DISK_GROUPS):
    got = tuple(int(re.search(p, body).group(1)) for p in (
        r"Block bitmap at (\d+)", r"Inode bitmap at (\d+)", r"Inode table at (\d+)"))
    free = int(re.search(r"(\d+) free blocks", body).group(1))
    assert got + ("BLOCK_UNINIT" in (flags or ""), free) == want, (g, got, flags, free, want)
print("rule holds for all", len(gs), "groups")
PY
