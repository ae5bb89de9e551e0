#!/bin/bash
# memcgsim calibration (session 39, branch userland39; docs/fidelity.md items 304 on):
# which pages of bash-static's binary a bash maps, page by page, by what it ran.
# Each bash below runs its commands, then blocks in `read x < FIFO`; a map of its
# pages of the binary (0x400000-0x64e000: the ELF header page, text, rodata,
# .data.rel.ro, .data, .bss) is read from /proc/PID/pagemap (bit 63 present, bit 61
# a file page: `f`; present and not a file page, an anon copy: `a`; not present: `.`),
# 16 pages (64 KiB, fault_around_bytes) a group, with /proc/PID/smaps' Rss and
# Anonymous of each of the binary's areas and status' RssShmem, VmPeak and VmSize.
# Then a script bash running the conformance script userland-proc2.sh's commands
# (copied here), and the probe's own bash.
# Guest only (userland-proc2's steps write /tmp):
#   memcgsim oracle calibration/bash-text-pages.sh --kernel K --cgroup v2
F=/tmp/btp.fifo
mkfifo $F
exec 3<>$F
pm() {
  od -An -v -tx8 -w8 -j $((0x400 * 8)) -N $((0x24e * 8)) /proc/$1/pagemap |
  awk '{c = substr($1, 1, 1); s = s (c ~ /[abef]/ ? "f" : c ~ /[89cd]/ ? "a" : ".")
        if (NR % 16 == 0) s = s " "} END {print s}'
}
areas() {
  awk '/^[0-9a-f]+-[0-9a-f]+ / {a = $1; p = $2; n = $6}
       /^Rss:/ {r = $2} /^Anonymous:/ {if (n ~ /bash/ || a ~ /^00400000|^0063c000/) printf "%s %s rss %d anon %d; ", a, p, r / 4, $2 / 4}
       END {print ""}' /proc/$1/smaps
}
show() {
  echo "== $1"
  echo "status: $(grep -E '^(VmPeak|VmSize|RssShmem|RssFile|RssAnon):' /proc/$2/status | tr -s '\t\n ' '   ')"
  echo "areas: $(areas $2)"
  echo "pages: $(pm $2)"
}
run() { local n=$1; shift; bash -c "$*
read x < $F" >/dev/null 2>&1 & eval "P_$n=\$!"; N="$N $n"; }
N=
run c ':'
run true '/bin/true'
run bg 'sleep 0 & wait'
run pipe 'true | true'
run comsub 'x=$(:)'
run subshell '( : )'
run func 'f() { :; }; f'
run heredoc 'cat <<E
x
E'
run jobs 'sleep 0 & jobs -p; wait'
run kill 'kill -0 $$'
run loop 'for i in 1 2; do [ $i = 1 ] && echo $i; done'
run redir 'echo x > /tmp/btp.out'
run arith 'x=$((1 + 2)); y=${x#1}'
run local 'f() { local a=1; echo $a; }; f'
run readb 'read y < /proc/self/stat'
printf 'read x < %s\n' $F > /tmp/btp-short.sh
bash /tmp/btp-short.sh & P_script=$!; N="$N script"
sleep 8
for n in $N; do eval "show $n \$P_$n"; done
for n in $N; do echo x >&3; done
wait
# a script bash running userland-proc2.sh's commands (a copy: tests/conformance/scripts/
# userland-proc2.sh as recorded in session 38), then blocking in the read
cat > /tmp/btp-up2.sh <<'UP2EOF'
#!/bin/bash
# Written for memcgsim's conformance suite (session 38, docs/fidelity.md items 286 on):
# what a script reads of /proc beyond its names: init's descriptors, bash's script
# descriptor (255) and where its buffered reads left it, a pipe's fdinfo, a zombie as
# /proc shows it, and the status, stat and statm lines a monitor reads of the shell and
# of a sleeping child, a stopped one's queued signal; the pids and pipes' numbers written as N.
lsfd() { ls -l "$1" >/tmp/ls.out
  awk '$1 != "total" {print $1, $2, $5, $(NF-2), $(NF-1), $NF}' /tmp/ls.out |
  sed 's#pipe:\[[0-9]*\]#pipe:[N]#'; }
fdi() { grep -E '^(pos|flags|mnt_id)' "$1" | tr '\n\t' '  '; }
lsfd /proc/1/fd
for f in $(ls /proc/1/fdinfo); do echo "init $f: $(fdi /proc/1/fdinfo/$f)"; done
tr '\0' ' ' </proc/1/cmdline; echo; cat /proc/1/comm
echo "255: $(fdi /proc/$$/fdinfo/255)"
grep pos /proc/$$/fdinfo/255
for i in 1 2; do
  grep pos /proc/$$/fdinfo/255
done
( grep pos /proc/$$/fdinfo/255 )
cat <<EOF
$(grep pos /proc/$$/fdinfo/255)
EOF
(sleep 0.3; grep pos /proc/$$/fdinfo/255) &
wait
sleep 3 | sleep 3 & sleep 0.3
p=$!; q=$(jobs -p)
lsfd /proc/$p/fd
for f in 0 1 2; do echo "last $f: $(fdi /proc/$p/fdinfo/$f)"; done
echo "first 1: $(fdi /proc/$q/fdinfo/1)"
a=$(readlink /proc/$p/fd/0); b=$(readlink /proc/$q/fd/1)
[ "$a" = "$b" ] && echo "one pipe"
i=$(sed -n 's/^ino:\t//p' /proc/$p/fdinfo/0)
[ -z "$i" ] || [ "$a" = "pipe:[$i]" ] && echo "ino is the link's"
stat -L -c '%F|%a|%h|%s' /proc/$p/fd/0
wait
( sleep 0.1 & echo $! >/tmp/z; exec sleep 5 ) & sleep 0.6
z=$(cat /tmp/z); j=$!
ls /proc | grep -qx "$z" && echo "zombie listed"
grep -E '^(Name|State|Threads|FDSize|SigQ|VmRSS)' /proc/$z/status
[ "$(sed -n 's/^PPid:\t//p' /proc/$z/status)" = "$j" ] && echo "its parent is the job"
echo "fds: $(ls /proc/$z/fd | wc -l) cmdline: $(wc -c </proc/$z/cmdline)"
echo "statm: $(cat /proc/$z/statm)"
awk '{print "stat:", $3, $20, $23, $24, $52}' /proc/$z/stat
readlink /proc/$z/exe; echo "exe rc=$?"; readlink /proc/$z/cwd; echo "cwd rc=$?"
kill $j; wait
# (SIGPIPE: bash reports no job it ends)
sleep 3 & s=$!; kill -STOP $s; sleep 0.2; kill -PIPE $s; sleep 0.2
grep -E '^(State|SigQ|SigPnd|ShdPnd)' /proc/$s/status; grep SigQ /proc/$$/status
{ kill -CONT $s; wait; } 2>/dev/null
st() { grep -E '^(VmPeak|VmSize|VmHWM|VmRSS|RssAnon|RssFile|RssShmem|VmData|VmStk|VmExe|VmLib|VmPTE|Threads|SigQ|FDSize):' "$1" | tr '\n\t' '  '; echo; }
sleep 1 & s=$!; sleep 0.3
echo "sleep: $(st /proc/$s/status)"
echo "sleep statm: $(cat /proc/$s/statm)"
awk '{print "sleep stat:", $20, $23, $24}' /proc/$s/stat
echo "shell: $(st /proc/$$/status)"
echo "shell statm: $(cat /proc/$$/statm)"
awk '{print "shell stat:", $20, $23, $24}' /proc/$$/stat
wait
echo > /tmp/btp.done
read x < /tmp/btp.fifo
UP2EOF
bash /tmp/btp-up2.sh >/dev/null 2>&1 & P=$!
until [ -e /tmp/btp.done ]; do sleep 0.5; done
sleep 1
show userland-proc2 $P
echo x >&3
wait
# the probe's own bash (a script file) at its end
show probe $$
rm -f $F /tmp/btp-short.sh /tmp/btp.out /tmp/btp-up2.sh /tmp/btp.done
