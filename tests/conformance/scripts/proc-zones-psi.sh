# The system-wide memory files (fs/procglobal.py, fs/sysfs.py; docs/fidelity.md item
# 106) over 16 MiB of anon faulted in a fresh cgroup: zoneinfo's zones,
# their sizes and watermarks and ZONE_DMA32's free pages, buddyinfo's free pages
# against vmstat's, node0/meminfo against /proc/meminfo, the PSI files, each as
# its delta (kB) where the guest's boot sets the value. THP off for the faults
# (the guests' tail takes huge pages for its buffer where the mapping lands on a
# 2 MiB boundary; the model's program buffers are not THP-capable).
echo never > /sys/kernel/mm/transparent_hugepage/enabled
cd /sys/fs/cgroup
if [ -e cgroup.subtree_control ]; then echo +memory > cgroup.subtree_control; G=.; else G=memory; fi
mkdir $G/pz
zone() { awk -v z="$1" -v f="$2" '$1 == "Node" {cur = $4} cur == z && $1 == f {print $2; exit}' /proc/zoneinfo; }
zfree() { awk -v z="$1" '$1 == "Node" {cur = $4} cur == z && $1 == "pages" {print $3; exit}' /proc/zoneinfo; }
bfree() { awk '{m = 1; for (i = 5; i <= NF; i++) {s += $i * m; m *= 2}} END {print s}' /proc/buddyinfo; }
vfree() { awk '$1 == "nr_free_pages" {print $2}' /proc/vmstat; }
nfree() { awk '$3 == "MemFree:" {print $4}' /sys/devices/system/node/node0/meminfo; }
mfree() { awk '$1 == "MemFree:" {print $2}' /proc/meminfo; }
echo "zones: $(awk '$1 == "Node" {printf "%s ", $4}' /proc/zoneinfo)"
for z in DMA DMA32; do
  echo "zone $z: min $(zone $z min) low $(zone $z low) high $(zone $z high) spanned $(zone $z spanned) present $(zone $z present) managed $(zone $z managed)"
done
echo "zoneinfo keys: $(awk '$1 == "Node" {z++} z == 2 && NF == 2 && $1 !~ /:/ {printf "%s ", $1}' /proc/zoneinfo)"
echo "pagesets: $(grep -c 'cpu:' /proc/zoneinfo) high $(awk '$1 == "high:" {print $2}' /proc/zoneinfo | tail -1) batch $(awk '$1 == "batch:" {print $2}' /proc/zoneinfo | tail -1)"
echo "buddyinfo zones: $(awk '{printf "%s %d orders; ", $4, NF - 4}' /proc/buddyinfo)"
z0=$(zfree DMA32); b0=$(bfree); v0=$(vfree); n0=$(nfree); m0=$(mfree)
( echo $BASHPID > $G/pz/cgroup.procs; { head -c 16M /dev/zero; sleep 20; } | tail > /dev/null ) &
sleep 4
z1=$(zfree DMA32); b1=$(bfree); v1=$(vfree); n1=$(nfree); m1=$(mfree)
echo "DMA32 free delta kB: $(( (z1 - z0) * 4 ))"
echo "nr_free_pages delta kB: $(( (v1 - v0) * 4 ))"
echo "buddyinfo free delta kB: $(( (b1 - b0) * 4 ))"
echo "node0 MemFree delta kB: $(( n1 - n0 ))"
echo "meminfo MemFree delta kB: $(( m1 - m0 ))"
echo "node0 lines: $(wc -l < /sys/devices/system/node/node0/meminfo)"
for r in memory cpu io; do echo "pressure $r: $(sed 's/=[0-9.]*//g' /proc/pressure/$r | tr '\n' '|')"; done
cat /proc/pressure/memory
echo "some 150000 1000000" > /proc/pressure/memory; echo "psi trigger: $?"
( echo "some 0 1000000" > /proc/pressure/memory ) 2>&1; echo "psi trigger threshold 0: $?"
( echo x > /proc/zoneinfo ) 2>&1; echo "write zoneinfo: $?"
( echo x > /sys/devices/system/node/node0/meminfo ) 2>&1; echo "write node0 meminfo: $?"
for p in $(cat $G/pz/cgroup.procs); do kill $p 2>/dev/null; done
wait
rmdir $G/pz
echo always > /sys/kernel/mm/transparent_hugepage/enabled
