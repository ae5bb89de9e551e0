#!/bin/bash
# The virtio disk's readahead limits and what a large read after drop_caches reads
# (session 17, docs/fidelity.md item 47; kernel/readahead.py VM_READAHEAD_PAGES,
# IO_PAGES, design switch ra_window_no_shrink). Run on both kernels:
#   memcgsim oracle calibration/readahead-queue.sh --kernel 5.10
#   memcgsim oracle calibration/readahead-queue.sh --kernel 6.1
# Prints the queue's read_ahead_kb (bdi->ra_pages) and max_sectors_kb (bdi->io_pages),
# the swap readahead knobs, then /proc/vmstat pgpgin's growth (KiB) for one dd read of
# a 16 MiB file on the scratch ext4 disk after drop_caches, by block size.
for f in read_ahead_kb max_sectors_kb max_hw_sectors_kb optimal_io_size; do
  echo "$f $(cat /sys/block/vda/queue/$f)"
done
echo "vma_ra_enabled $(cat /sys/kernel/mm/swap/vma_ra_enabled) page-cluster $(cat /proc/sys/vm/page-cluster)"
pg() { awk '$1 == "pgpgin" {print $2}' /proc/vmstat; }
dd if=/dev/zero of=f bs=1M count=16 2>/dev/null
sync
for cmd in "bs=4k count=1" "bs=4k count=2" "bs=64k count=1" "bs=128k count=1" "bs=192k count=1" \
           "bs=256k count=1" "bs=512k count=1" "bs=1M count=1" "bs=2M count=1" \
           "bs=1M skip=3 count=1" "bs=512k count=3" "bs=2M count=2" "bs=4k skip=100 count=1"; do
  echo 3 > /proc/sys/vm/drop_caches
  a=$(pg)
  dd if=f $cmd > /dev/null 2>&1
  echo "dd $cmd: pgpgin $(( $(pg) - a ))"
done
rm f
