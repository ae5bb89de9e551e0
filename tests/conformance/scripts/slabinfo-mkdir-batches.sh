#!/bin/bash
# Written for memcgsim's conformance suite (session 16, conform16a: slab bytes at
# scale). Four batches of 25 memory cgroups made by a plain for-loop, then all removed
# in the order made: after each batch, /proc/meminfo Slab, SReclaimable and SUnreclaim
# growth per cgroup (bytes), and for a fixed set of caches the /proc/slabinfo geometry
# (objsize, objperslab, pagesperslab) once and, per phase, the change of num_objs,
# active_objs and of the slab pages (num_slabs * pagesperslab) the cache holds.
N=25
B=4
CACHES="kmalloc-4k kmalloc-1k kmalloc-512 kmalloc-256 kmalloc-192 kmalloc-64 kmalloc-32 kmalloc-8 kernfs_node_cache dentry inode_cache radix_tree_node task_struct vm_area_struct"
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
P=$R/slab_batches
mkdir $P
[ $V = 2 ] && echo +memory > $P/cgroup.subtree_control
echo "cgroup v$V, $(grep -c ^processor /proc/cpuinfo) CPUs, $B batches of $N"
mem() { awk '$1 ~ /^(Slab|SReclaimable|SUnreclaim):$/ {printf "%s ", $2 * 1024}' /proc/meminfo; }
# one line per cache: name num_objs active_objs pages
caches() {
  awk -v want=" $CACHES " 'index(want, " " $1 " ") {print $1, $3, $2, $15 * $6}' /proc/slabinfo | sort
}
for c in $CACHES; do
  awk -v c=$c '$1 == c {print "geometry", $1, "objsize", $4, "per slab", $5, "pages", $6}' /proc/slabinfo
done
diffc() {
  # diffc TAG BEFORE AFTER: what each cache gained
  printf '%s\n--\n%s\n' "$2" "$3" | awk -v tag="$1" '
    $0 == "--" {after = 1; next}
    !after {o[$1] = $2; a[$1] = $3; p[$1] = $4; next}
    {print tag, $1, "objs", $2 - o[$1], "active", $3 - a[$1], "pages", $4 - p[$1]}'
}
per() {
  # per TAG "S R U" "S R U" COUNT
  set -- "$1" $2 $3 $4
  echo "$1: Slab $(( ($5 - $2) / $8 )) SReclaimable $(( ($6 - $3) / $8 )) SUnreclaim $(( ($7 - $4) / $8 )) bytes per cgroup"
}
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
m0=$(mem); c0=$(caches)
b=1
while [ $b -le $B ]; do
  mb=$(mem); cb=$(caches)
  for i in $(seq 1 $N); do mkdir $P/b${b}_$i; done
  ma=$(mem); ca=$(caches)
  per "batch $b" "$mb" "$ma" $N
  diffc "batch $b" "$cb" "$ca"
  b=$((b + 1))
done
m1=$(mem); c1=$(caches)
total=$((B * N))
per "all $total made" "$m0" "$m1" $total
for d in $P/b*; do rmdir $d; done
sleep 2
m2=$(mem); c2=$(caches)
per "removed, per cgroup made" "$m0" "$m2" $total
diffc "removed" "$c1" "$c2"
diffc "kept" "$c0" "$c2"
rmdir $P
echo done
