#!/bin/bash
# Written for memcgsim's conformance suite (session 37, novel37): what a config
# generator or a hand-edited unit puts into a memory limit, one write(2) each:
# octal and hex (memparse: simple_strtoull with base 0), unit words (MB, KiB), a
# sign, an exponent ('e' is memparse's exa suffix), a tab, two lines in one write,
# a lone newline and blanks (strstrip leaves "", which memparse reads as 0), a value
# longer than a page (cgroup files' atomic_write_len is PAGE_SIZE: E2BIG), the
# other dialect's "unlimited" ("-1" on v1, "max" on v2). Each: status, message,
# the value read back. Same script on v1 (memory.limit_in_bytes and
# memory.soft_limit_in_bytes) and v2 (memory.max and memory.low).
if [ -d /sys/fs/cgroup/memory ]; then
  C=/sys/fs/cgroup/memory; MAX=memory.limit_in_bytes; OTHER=memory.soft_limit_in_bytes
else
  C=/sys/fs/cgroup; MAX=memory.max; OTHER=memory.low
  echo +memory > $C/cgroup.subtree_control
fi
mkdir $C/odd
w() {  # w FILE VALUE: printf's %b of VALUE in one write
  if printf '%b' "$2" > $C/odd/$1 2>err.txt; then r=ok; else r="fail: $(sed 's/.*: //' err.txt)"; fi
  echo "$1 [$2] $r -> $(cat $C/odd/$1)"
}
for v in 0100 0x10000 010M 100MB 64KiB +1M 1e6 1E '\t32M\n' '8M\n16M' 1M2 \
         '\n' '   ' 4095 4096 -1 max MAX '  max\n' 1m 2g; do
  w $MAX "$v"
done
for v in 0100 1E '\n' -1 max 3k; do
  w $OTHER "$v"
done
printf '%5000s\n' 64M > big.txt
dd if=big.txt of=$C/odd/$MAX bs=8k 2>&1 | grep -o 'Argument list too long\|Invalid argument'
echo "5001-byte write: ${PIPESTATUS[0]} -> $(cat $C/odd/$MAX)"
printf '%4000s\n' 64M > big.txt
dd if=big.txt of=$C/odd/$MAX bs=8k 2>/dev/null; echo "4001-byte write: $? -> $(cat $C/odd/$MAX)"
rm big.txt err.txt
rmdir $C/odd; echo "rmdir: $?"
