#!/bin/bash
# Written for memcgsim (issue 15): the cover letter's loop and phases (as
# tests/conformance/scripts/seed-kmem_test-phases.sh) with kprobes on the obj_cgroup
# charge path: obj_cgroup_charge / obj_cgroup_uncharge (objcg, bytes), obj_cgroup_release
# (objcg, nr_charged_bytes) and __dentry_kill (the dentry's name), a trace_marker per
# phase. Prints, per phase, the uncharges and the cgroup-file dentries killed, and at the
# end every obj_cgroup still alive with the bytes charged to it and not uncharged, and
# the first kmem_test's charges never uncharged, with the charging stack, and
# the last uncharges on each CPU before the kill phase's reading, with the freeing
# stack (which obj_cgroups the per-CPU obj stocks are left holding). Then a "flush" as
# in calibration/kmem-phases-stocks.sh. (calibration/README.md)
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1 || { T=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
phase() {
echo "PHASE $1" > $T/trace_marker
echo "$1: $(grep memory /proc/cgroups) kmem $(cat memory.kmem.usage_in_bytes)"
}
cd /sys/fs/cgroup/memory
echo 1 > memory.move_charge_at_immigrate
echo 80000 > $T/buffer_size_kb
echo 'p:oc obj_cgroup_charge objcg=%di size=%dx:u64' >> $T/kprobe_events
echo 'p:ou obj_cgroup_uncharge objcg=%di size=%si:u64' >> $T/kprobe_events
echo 'p:orel obj_cgroup_release objcg=%di nr=+24(%di):u32' >> $T/kprobe_events
echo 'p:dk __dentry_kill name=+0(+40(%di)):string' >> $T/kprobe_events || echo "no __dentry_kill probe"
echo 1 > $T/events/kprobes/enable
phase start
echo stacktrace > $T/events/kprobes/oc/trigger
P=
for i in range{1..500}
do
mkdir kmem_test
echo $$ > kmem_test/cgroup.procs
sleep 3600 &
P="$P $!"
echo $$ > cgroup.procs
echo `cat kmem_test/cgroup.procs` > cgroup.procs
rmdir kmem_test
[ $i = range1 ] && echo '!stacktrace' > $T/events/kprobes/oc/trigger
done
phase loop
sleep 5
phase settle
echo 3 > /proc/sys/vm/drop_caches
sleep 2
phase drop_caches
echo stacktrace > $T/events/kprobes/ou/trigger
kill $P
wait 2>/dev/null
sleep 2
phase kill
mkdir flush
echo $$ > flush/cgroup.procs
for c in 0 1; do taskset -p $((1 << c)) $$ > /dev/null; cat /proc/self/status > /dev/null; ls / > /dev/null; done
echo $$ > cgroup.procs
phase flushed-stocks
echo "flush kmem $(cat flush/memory.kmem.usage_in_bytes)"
echo 0 > $T/tracing_on
grep -av '^#' $T/trace > /tmp/tr
echo "--- between the readings: uncharges, obj_cgroups released, dentries killed (cgroup files by name)"
awk '/PHASE/{ if (ph != "") { printf "%s..%s: %d uncharges, %d released, %d dentries killed;", ph, $NF, nu, nr, nd; for (n in nm) printf " %s x%d", n, nm[n]; print "" }
  ph=$NF; nu=nr=nd=0; split("", nm); next }
/ ou: /{nu++} / orel: /{nr++}
/ dk: /{nd++; n=$NF; if (n ~ /cgroup|memory|tasks|notify/) nm[n]++}' /tmp/tr
echo "--- the last 6 uncharges on each CPU before the kill reading: objcg, bytes, freeing stack"
awk '/PHASE kill/{exit} / ou: /{cpu=substr($0, index($0,"[")+1, 3)+0; for(i=1;i<=NF;i++){if($i~/^objcg=/)o=substr($i,7); if($i~/^size=/)s=substr($i,6)}; n[cpu]++; key=cpu ":" n[cpu]; line[key]=$1 " " o " " s; cnt[key]=0; st=1; next}
/<stack trace>/{next} /^ *=> /{ if(st){f=$2; if(f!~/kprobe|ftrace|^0x|obj_cgroup_uncharge/ && cnt[key]<5){line[key]=line[key] " <" f; cnt[key]++}}; next} {st=0}
END{for(c=0;c<2;c++) for(j=n[c]-5;j<=n[c];j++) if(j>0) print "cpu" c, line[c ":" j]}' /tmp/tr
echo "--- obj_cgroups not released at the end: first-seen order, charged, uncharged"
awk '/ oc: /{for(i=1;i<=NF;i++){if($i~/^objcg=/)o=substr($i,7); if($i~/^size=/)s=substr($i,6)}; if(!(o in first)) first[o]=++k; c[o]+=s; n[o]++}
/ ou: /{for(i=1;i<=NF;i++){if($i~/^objcg=/)o=substr($i,7); if($i~/^size=/)s=substr($i,6)}; u[o]+=s}
/ orel: /{for(i=1;i<=NF;i++){if($i~/^objcg=/)o=substr($i,7)}; rel[o]=1}
END{for(o in c) if(!(o in rel)) printf "objcg #%d: charged %d in %d allocations, uncharged %d: %d bytes live\n", first[o], c[o], n[o], u[o], c[o]-u[o]}' /tmp/tr | sort -t'#' -k2 -n
echo "--- the first kmem_test's charges by open(): bytes, task, charging stack"
awk '/ oc: /{for(i=1;i<=NF;i++){if($i~/^objcg=/)o=substr($i,7); if($i~/^size=/)s=substr($i,6)}; if(first=="") first=o; st=(o==first); if(st){nc++; cs[nc]=$1 " " s; cl[nc]=""; ck[nc]=0}; next}
/<stack trace>/{next} /^ *=> /{ if(st){f=$2; if(f!~/kprobe|ftrace|^0x|obj_cgroup_charge|slab_pre_alloc/ && ck[nc]<7){cl[nc]=cl[nc] " <" f; ck[nc]++}}; next} {st=0}
END{for(j=1;j<=nc;j++) if(cl[j] ~ /path_openat/) print cs[j] cl[j]}' /tmp/tr
