#!/bin/bash
# vm.min_free_kbytes and vm.watermark_scale_factor written (docs/fidelity.md item 65):
# which values each kernel refuses (the write's status) and the zone watermarks a
# write sets (/proc/zoneinfo's min/low/high of DMA32, computed from today's managed
# pages, the initramfs freed), then the boot values back.
z() { awk '/^Node/ {z=$4} z == "DMA32" && /^ +(min|low|high) / {printf " %s %s", $1, $2}' /proc/zoneinfo; }
w0=$(cat /proc/sys/vm/watermark_scale_factor); m0=$(cat /proc/sys/vm/min_free_kbytes)
for v in 0 1 1000 1001 3000 3001 -1 x 200; do
  echo $v 2>/dev/null > /proc/sys/vm/watermark_scale_factor; s=$?
  echo "wsf $v: $s $(cat /proc/sys/vm/watermark_scale_factor)$(z)"
done
echo $w0 > /proc/sys/vm/watermark_scale_factor
for v in -1 x 0 8192 300000; do
  echo $v 2>/dev/null > /proc/sys/vm/min_free_kbytes; s=$?
  echo "mfk $v: $s $(cat /proc/sys/vm/min_free_kbytes)$(z)"
done
echo $m0 > /proc/sys/vm/min_free_kbytes
echo "back: $(cat /proc/sys/vm/min_free_kbytes) $(cat /proc/sys/vm/watermark_scale_factor)$(z)"
