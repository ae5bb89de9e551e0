#!/bin/bash
# Written for memcgsim (session 45, mem45; docs/fidelity.md item 479): what moves
# /proc/vmstat's pgactivate over memviews-workload's workload (tests/conformance/
# scripts/memviews-workload.sh: 4-9 on the guests). kprobes on mark_page_accessed
# (5.10) / folio_mark_accessed (6.1), the page's flags, mapping, index, its inode's
# number and superblock's dev (struct page/folio: mapping +24, index +32;
# address_space.host +0; inode.i_sb +40, i_ino +64; super_block.s_dev +16), a
# stacktrace of each call on a PG_referenced page (flags & 2: the calls that may
# activate); __activate_page (5.10) / folio_activate_fn (6.1), where PGACTIVATE is
# counted, with the same fields. Printed: pgactivate's delta, each activation (its
# page's dev, ino, index, flags) and the stacks of the mark_page_accessed calls on a
# referenced, LRU, not active page (flags bits 1, 4, 5), folded and counted.
#   memcgsim oracle tools/sizes/pgactivate-trace.sh --kernel 5.10|6.1 --cgroup v2
# Its write variant (docs/fidelity.md item 481: the first file write after a drop, a
# 16 MiB file, then `sync`; recordings pgactivate-write-trace--K-v2.txt):
#   sed -e '/^{ head -c 16M/,/^sleep 2$/c\' -e 'head -c 16M /dev/zero > wfile\' \
#     -e 'echo "PART sync" > $T/trace_marker\' -e 'sync' -e '/^kill %1/d' \
#     -e 's/^rm -rf memviews .*/rm -f wfile/' tools/sizes/pgactivate-trace.sh |
#   memcgsim oracle - --kernel 5.10|6.1 --cgroup v2
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
echo 30000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null && return; echo "no probe: $1"; return 1; }
F='flags=+0(%di):x64 map=+24(%di):x64 idx=+32(%di):u64 ino=+64(+0(+24(%di))):u64 dev=+16(+40(+0(+24(%di)))):u32'
G='flags=+0(%si):x64 map=+24(%si):x64 idx=+32(%si):u64 ino=+64(+0(+24(%si))):u64 dev=+16(+40(+0(+24(%si)))):u32'
if grep -qw folio_mark_accessed /proc/kallsyms; then
  kp "p:mpa folio_mark_accessed $F"; kp "p:act folio_activate_fn $G"
else
  kp "p:mpa mark_page_accessed $F"; kp "p:act __activate_page $F"
fi
echo 'stacktrace if flags & 2' > $T/events/kprobes/mpa/trigger
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
s0=$(awk '$1 == "pgactivate" {print $2}' /proc/vmstat)
echo 1 > $T/tracing_on
echo "PART work" > $T/trace_marker
{ head -c 16M /dev/zero; sleep 30; } | tail > /dev/null &
head -c 8M /dev/zero > /tmp/memviews.tmp
mkdir memviews
for ((i = 0; i < 400; i++)); do echo "$i" > memviews/f$i; done
sync
for ((i = 0; i < 2000; i++)); do [ -e /memviews-nope-$i ]; done
sleep 2
echo "PART end" > $T/trace_marker
echo 0 > $T/tracing_on
s1=$(awk '$1 == "pgactivate" {print $2}' /proc/vmstat)
echo "pgactivate delta $((s1 - s0))"
kill %1 2>/dev/null; wait
rm -rf memviews /tmp/memviews.tmp
grep -av '^#' $T/trace > /tmp/tr.txt
echo "trace lines $(wc -l < /tmp/tr.txt)"
awk '
/tracing_mark_write: PART/ { part = $NF; next }
function hex(s,  i, v) { s = tolower(s); sub(/^0x/, "", s); v = 0; for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
function f(name,  i) { for (i = 1; i <= NF; i++) if (index($i, name "=") == 1) return substr($i, length(name) + 2); return "" }
function flush() { if (st != "") c[part " " what " |" st]++; st = ""; take = 0 }
/ act: / { flush(); print "ACT", part, $1, "dev", f("dev"), "ino", f("ino"), "idx", f("idx"), "flags", f("flags"), "map", f("map"); nact[part]++; next }
/ mpa: / { flush(); fl = hex(f("flags")); n[part]++
  if (and(fl, 2)) { nref[part]++
    what = sprintf("%s lru=%d active=%d unev=%d dev=%s", $1, and(fl, 16) ? 1 : 0, and(fl, 32) ? 1 : 0, and(fl, 1048576) ? 1 : 0, f("dev"))
    if (and(fl, 16) && !and(fl, 32)) print "CAND", part, $1, "dev", f("dev"), "ino", f("ino"), "idx", f("idx"), "flags", f("flags"), "map", f("map")
    take = 1; nf = 0 }
  next }
/^ => / { if (take && nf < 9) { g = $2; sub(/\+0x.*/, "", g); st = st " " g; nf++ } next }
END { flush(); for (p in n) print "MPA", p, n[p], "referenced", nref[p], "activations", nact[p]
  for (k in c) print "STACK", c[k], k }' /tmp/tr.txt | sort -k1,1 -k2
