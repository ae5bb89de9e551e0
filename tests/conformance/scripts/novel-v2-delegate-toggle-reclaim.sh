#!/bin/bash
# Written for memcgsim's conformance suite (session 37, novel37; cgroup v2): a
# delegated subtree three levels deep (tenant/app/{web,db}) whose manager turns
# the memory controller off at app (cgroup.subtree_control "-memory": web's and
# db's memcgs are killed, their page cache stays charged below app; /proc/cgroups'
# num_cgroups counts the hierarchy's cgroups, not csses, and nr_dying_descendants
# dying cgroups: neither moves), writes more, turns it back on (fresh memcgs,
# current 0), then asks tenant to give memory back: memory.reclaim where it exists
# (6.1; 5.10 has no such file), else a memory.high squeeze (memory_high_write
# reclaims at once). The reclaim reaches the killed memcgs' page cache too.
C=/sys/fs/cgroup
T=$C/tenant
echo +memory > $C/cgroup.subtree_control
mkdir -p $T/app/web $T/app/db
echo +memory > $T/cgroup.subtree_control
echo +memory > $T/app/cgroup.subtree_control
mem() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
kib() { awk -v k=$2 '$1 == k {print $2 / 1024}' $T/$1/memory.stat; }
put() {  # put CG FILE KiB: write the file from a task in CG
  ( echo $BASHPID > $T/$1/cgroup.procs; dd if=/dev/zero of=$2 bs=64k count=$(( $3 / 64 )) 2>/dev/null )
}
base=$(mem)
put app/web web.1 2048
put app/db db.1 1024
sync   # written back: clean page cache, reclaimable without waiting on the disk
echo "web file KiB $(kib app/web file), db $(kib app/db file), app $(kib app file)"
echo -memory 2>&1 > $T/cgroup.subtree_control | sed 's/.*: line [0-9]*: //'
echo "tenant -memory while app enables it: ${PIPESTATUS[0]}"
echo -memory > $T/app/cgroup.subtree_control; echo "app -memory: $?"
echo "web memory files: $(ls $T/app/web | grep -c '^memory\.')"
echo "memcgs above the start: $(( $(mem) - base ))"
grep dying $T/cgroup.stat
put app/web web.2 1024; sync
echo "app file KiB $(kib app file), tenant $(kib . file)"
echo +memory > $T/app/cgroup.subtree_control; echo "app +memory: $?"
echo "web current $(cat $T/app/web/memory.current), memcgs above the start: $(( $(mem) - base ))"
before=$(cat $T/memory.current)
if [ -e $T/memory.reclaim ]; then
  echo 16M > $T/memory.reclaim; echo "reclaim: $?"
else
  echo "no memory.reclaim: squeeze"; echo 0 > $T/memory.high; echo max > $T/memory.high
fi
after=$(cat $T/memory.current)
echo "tenant gave back at least 3 MiB: $(( before - after >= 3 * 1048576 ))"
echo "tenant file KiB after: $(kib . file)"
sleep 1
echo "memcgs above the start after reclaim: $(( $(mem) - base ))"
rm -f web.* db.*
rmdir $T/app/web $T/app/db $T/app $T; echo "rmdir: $?"
