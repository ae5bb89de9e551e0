# bash's own signal dispositions (shell/signals.py): each line is one process's
# SigIgn and SigCgt from /proc/PID/status; `s` reads its own status with the
# read builtin (no child waited for), `a` with awk (a foreground child: the
# reader waits in wait_for meanwhile). Not here: a function's first command run
# as the lone command of a `( )` or a pipeline stage, which the model execs in
# place (bash forks it: only a command substitution's one-command function is
# exec'd), so `a` would read awk's own status.
s() { local l; while read -r l; do case $l in SigIgn*|SigCgt*) printf '%s %s  ' "$1" "$l";; esac; done < /proc/$BASHPID/status; echo; }
a() { awk -v w="$1" '/^Sig(Ign|Cgt)/{printf "%s %s %s  ", w, $1, $2} END{print ""}' /proc/$2/status; }
s shell
( s subshell )
( ( s subsub ) )
x=$(s cmdsub); echo "$x"
{ s bg-group; } & wait
( s bg-subshell ) & wait
( ( s bg-subsub ) ) & wait
s pipe-first | cat
cat /dev/null | s pipe-last
trap 'echo hi' USR1; s after-trap-usr1; ( s sub-after-trap )
trap '' TERM; s after-trap-ign-term; ( s sub-after-ign )
trap 'echo x' INT; s after-trap-int; ( s sub-after-int ); { s bg-after-int; } & wait
trap - INT; s after-reset-int
trap ':' CHLD; s after-trap-chld ; ( s sub-chld )
trap - CHLD; s after-reset-chld
trap - USR1 TERM; s after-reset-all
a shell-waiting $$
a self-fg self
( a sub-waiting $BASHPID; a sub-child self )
{ a bggroup-child self; } & wait
( a bgsub-child self ) & wait
( exec awk '/^Sig(Ign|Cgt)/{printf "sub-exec %s %s  ", $1, $2} END{print ""}' /proc/self/status )
sleep 1 | a pipe-waiting $$
sleep 2 & p=$!; sleep 0.2; a bg-sleep $p; kill $p
cat <(s procsub)
cat <(a procsub-child self)
trap '' INT; a shell-waiting-intign $$; a child-intign self; ( s sub-intign )
