# /proc/PID/stat, statm and status of a sleeping background child, of the reader
# itself, of a forked subshell that has not exec'd, and of a per-CPU kworker: the
# fields the model keeps (fs/procpid.py), and status's keys in order.
sleep 30 & p=$!
sleep 0.2
stat_fields() {     # FILE WHO: fields by number (comm has no blank here)
    awk -v who="$2" -v me=$$ '{
        printf "%s: fields %d state %s ppid-is-shell %d pgrp %s sid %s tty %s tpgid %s flags %s", who, NF, $3, ($4 == me), $5, $6, $7, $8, $9
        printf " prio %s nice %s threads %s itreal %s rsslim %s", $18, $19, $20, $21, $25
        printf " sig %s %s %s %s wchan %s %s %s exit_signal %s rt %s policy %s exit_code %s\n", $31, $32, $33, $34, $35, $36, $37, $38, $40, $41, $52
    }' "$1"
}
stat_fields /proc/$p/stat sleep
stat_fields /proc/self/stat self
( read -r line < /proc/$BASHPID/stat; echo "$line" > sub.stat; : )
stat_fields sub.stat subshell
awk '{print "shell:", NF, $3, $5, $6, $7, $8, $9, $18, $19, $20, $35, $38}' /proc/$$/stat
echo "statm: $(awk '{print NF, $5, $7}' /proc/$p/statm)"
keys() { cut -d: -f1 "$1" | tr '\n' ' '; echo; }
echo "status keys: $(keys /proc/$p/status)"
grep -E '^(Umask|State|Ngid|TracerPid|Uid|Gid|FDSize|NSpgid|NSsid|Threads|SigQ|SigPnd|ShdPnd|SigBlk|SigIgn|SigCgt|Cap[A-Za-z]+|NoNewPrivs|Seccomp|Seccomp_filters|Speculation[A-Za-z_]+|Cpus_allowed|Cpus_allowed_list|Mems_allowed|Mems_allowed_list|VmLck|VmPin|RssShmem|VmSwap|HugetlbPages|CoreDumping|THP_enabled):' /proc/$p/status
[ "$(sed -n 's/^Pid:\t//p' /proc/$p/status)" = $p ] && echo "status Pid is the pid"
[ "$(sed -n 's/^PPid:\t//p' /proc/$p/status)" = $$ ] && echo "status PPid is the shell"
grep -E '^(State|NSpgid):' /proc/self/status
for d in /proc/[0-9]*; do
    read -r c < $d/comm 2>/dev/null || continue
    case $c in kworker/0:[0-9]*H*) ;; kworker/0:[0-9]*)
        awk '{print "kworker:", NF, $3, $9, $18, $19, $20, $23, $24, $38, $39}' $d/stat
        echo "kworker status keys: $(keys $d/status)"
        echo "kworker statm: $(cat $d/statm)"
        break;;
    esac
done
kill $p
