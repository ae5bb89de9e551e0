# The exec'd busybox programs' own anonymous pages (docs/fidelity.md item 235): each
# applet exec'd from a bash subshell inside a fresh cgroup, its stdin a FIFO fed
# 48 KiB of text (seq 1 10000) and kept open, its stdout a file; once it has
# read the text and blocks in its next read (3 s: the periodic rstat flush), its
# cgroup's memory.stat anon and its smaps Anonymous per area: [heap], [stack], the
# anonymous mappings (its .bss among them), the binary's .data and .data.rel.ro.
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
A="cat grep wc head tr dd cut sleep"
for a in $A; do
  mkdir ap-$a
  mkfifo /tmp/ap-$a.fifo
done
run() {
  local a=$1; shift
  ( echo $BASHPID > ap-$a/cgroup.procs; exec "$@" ) < /tmp/ap-$a.fifo > /tmp/ap-$a.out 2>&1 &
}
run cat cat
run grep grep x
run wc wc -l
run head head -c 100000000
run tr tr 1 x
run dd dd bs=4096
run cut cut -c1-3
run sleep sleep 3600
fd=3
for a in $A; do
  eval "exec $fd>/tmp/ap-$a.fifo"
  [ $a = sleep ] || seq 1 10000 >&$fd
  fd=$((fd + 1))
done
sleep 3
for a in $A; do
  p=$(cat ap-$a/cgroup.procs)
  an=$(awk '$1 == "anon" {print $2 / 1024}' ap-$a/memory.stat)
  ar=$(awk '/^[0-9a-f]+-[0-9a-f]+ / { n = $6; if (n == "") n = "maps"; if (n ~ /busybox/) n = ($2 ~ /w/) ? "data" : "relro" }
            /^Anonymous:/ { s[n] += $2 }
            END { printf "heap %d stack %d maps %d data %d relro %d", s["[heap]"], s["[stack]"], s["maps"], s["data"], s["relro"] }' /proc/$p/smaps)
  echo "$a: anon KiB $an; smaps KiB $ar"
done
for a in $A; do kill $(cat ap-$a/cgroup.procs); done
fd=3
for a in $A; do eval "exec $fd>&-"; fd=$((fd + 1)); done
wait 2>/dev/null
sleep 1
for a in $A; do rmdir ap-$a; rm -f /tmp/ap-$a.fifo /tmp/ap-$a.out; done
echo done
