# /proc/PID/maps, smaps, smaps_rollup, numa_maps and status of a busybox tail
# holding 4 MiB of anon in a fresh cgroup (fs/procmaps.py, docs/fidelity.md item
# 106): each area's permissions, name and size; the binary's areas'
# Rss and Anonymous and the stack's; the heap and anonymous mappings together;
# smaps_rollup against the sum of smaps; status's sizes; statm; numa_maps'
# page counts; a sleep's rollup. Then a dead pid's files (ENOENT), one held
# open across the exit (ESRCH at read), a zombie's, and a write (EINVAL).
cd /sys/fs/cgroup
if [ -e cgroup.subtree_control ]; then echo +memory > cgroup.subtree_control; G=.; else G=memory; fi
mkdir $G/pm
( echo $BASHPID > $G/pm/cgroup.procs; { head -c 4M /dev/zero; sleep 30; } | tail > /dev/null ) &
sleep 4
for p in $(cat $G/pm/cgroup.procs); do
  [ "$(cat /proc/$p/comm)" = tail ] && T=$p
  [ "$(cat /proc/$p/comm)" = sleep ] && S=$p
done
n=0; rest=0; restanon=0
while read -r range perms off dev ino name; do
  s=$((0x${range%-*})); e=$((0x${range#*-})); n=$((n + 1))
  echo "maps: $perms ${name:-anon} pages $(( (e - s) / 4096 ))"
done < /proc/$T/maps
echo "maps: $n areas"
awk '/^[0-9a-f]+-/ {name = ($6 == "" ? "anon" : $6); perms = $2}
     /^Rss:/ {rss = $2} /^Pss:/ {pss = $2} /^Anonymous:/ {anon = $2}
     /^VmFlags:/ {
       if (name == "anon" && perms == "rw-p" && n++ > 0 || name == "[heap]") {heap += rss; hanon += anon; next}
       printf "smaps: %s %s rss %d anon %d\n", perms, name, rss, anon
       if (name == "/bin/busybox" && perms == "r-xp") printf "smaps pss: text %d\n", pss
       sum += rss}
     END {printf "smaps: heap and mappings rss %d anon %d\n", heap, hanon}' /proc/$T/smaps
sum=$(awk '/^Rss:/ {s += $2} END {print s}' /proc/$T/smaps)
roll=$(awk '/^Rss:/ {print $2}' /proc/$T/smaps_rollup)
[ "$sum" = "$roll" ] && echo "rollup Rss is the sum of smaps' Rss"
awk '/^(Rss|Pss|Anonymous|Shared_Dirty|Private_Dirty|Shared_Clean|Swap|Pss_Anon|Pss_Shmem|Pss_File):/ {print "rollup:", $1, $2}' /proc/$T/smaps_rollup
echo "rollup keys: $(cut -d: -f1 /proc/$T/smaps_rollup | tail -n +2 | tr '\n' ' ')"
echo "smaps keys: $(sed -n '2,/^VmFlags/p' /proc/$T/smaps | cut -d: -f1 | tr '\n' ' ')"
echo "smaps vmflags: $(grep ^VmFlags /proc/$T/smaps | head -6 | cut -d: -f2 | tr '\n' '|')"
grep -E '^(VmSize|VmExe|VmLib|VmStk|VmData|RssShmem|RssFile):' /proc/$T/status
rss=$(awk '/^VmRSS:/ {print $2}' /proc/$T/status)
echo "rollup Rss less VmRSS (split counters' lag) kB: $((roll - rss))"
echo "statm: $(awk '{print $1, $4, $5, $6, $7}' /proc/$T/statm)"
awk '{n++; for (i = 1; i <= NF; i++) if ($i ~ /^N0=/) {split($i, a, "="); p += a[2]}} END {print "numa_maps:", n, "areas", p, "pages"}' /proc/$T/numa_maps
awk '{printf "numa_maps: %s", $2; for (i = 3; i <= NF; i++) {split($i, a, "="); printf " %s", a[1]}; print ""}' /proc/$T/numa_maps | head -6
echo "sleep rollup: $(awk '/^(Rss|Anonymous):/ {printf "%s %s ", $1, $2}' /proc/$S/smaps_rollup)"
( echo x > /proc/$T/smaps ) 2>&1; echo "write smaps: $?"
sleep 60 & D=$!
exec 5< /proc/$D/smaps_rollup 6< /proc/$D/maps
kill $D; wait $D 2>/dev/null
cat <&5 >/dev/null; echo "held smaps_rollup after the exit: $?"
cat <&6 >/dev/null; echo "held maps after the exit: $?"
exec 5<&- 6<&-
cat /proc/$D/smaps 2>&1 | sed 's/[0-9]//g'; echo "dead smaps: ${PIPESTATUS[0]}"
sh -c 'sleep 1 & echo $! > /tmp/pm-z; exec sleep 4' &
sleep 2.5; Z=$(cat /tmp/pm-z)
echo "zombie: $(awk '{print $3}' /proc/$Z/stat) maps $(wc -c < /proc/$Z/maps) smaps $(wc -c < /proc/$Z/smaps) statm $(cat /proc/$Z/statm)"
cat /proc/$Z/smaps_rollup > /dev/null 2>&1; echo "zombie smaps_rollup: $?"
kill $T
wait
rm -f /tmp/pm-z
rmdir $G/pm
