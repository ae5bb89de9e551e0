#!/bin/bash
# Every slab cache that mounting the v1 freezer hierarchy and making 50 freezer
# cgroups moved (session 34, jobctl34; docs/fidelity.md item 203): per cache its
# object size, then the mount's and the mkdirs' change in active objects and in pages
# (slabs x pages per slab), and Slab/SUnreclaim/Percpu. freezer-mount-slab.sh lists the
# kmalloc caches only. Run: memcgsim oracle tools/sizes/freezer-mount-slabinfo.sh
# --kernel K --cgroup v1 (and memcgsim run ... --init busybox --userland busybox
# --kernel K --cgroup v1 for the model's figures).
m() { grep -E '^(Slab|SUnreclaim|Percpu):' /proc/meminfo | awk '{print $1, $2}'; }
cat /proc/slabinfo > /tmp/a; m > /tmp/ma
mkdir /sys/fs/cgroup/freezer
mount -t cgroup -o freezer freezer /sys/fs/cgroup/freezer
cat /proc/slabinfo > /tmp/b; m > /tmp/mb
for i in $(seq 50); do mkdir /sys/fs/cgroup/freezer/c$i; done
cat /proc/slabinfo > /tmp/c; m > /tmp/mc
awk 'FNR == 1 { f++ } /^#|^slabinfo/ { next }
     { o[f, $1] = $2; p[f, $1] = $15 * $6; sz[$1] = $4; if (f == 1) n[++k] = $1 }
     END { for (i = 1; i <= k; i++) { c = n[i]
             dm = o[2, c] - o[1, c]; dk = o[3, c] - o[2, c]
             if (dm || dk || p[2, c] != p[1, c] || p[3, c] != p[2, c])
               printf "%s %d mount %+d objs %+d pages mkdirs %+d objs %+d pages\n", c, sz[c],
                      dm, p[2, c] - p[1, c], dk, p[3, c] - p[2, c] } }' /tmp/a /tmp/b /tmp/c
paste -d' ' /tmp/ma /tmp/mb /tmp/mc | awk '{ printf "%s mount %+d kB mkdirs %+d kB\n", $1, $4 - $2, $6 - $4 }'
