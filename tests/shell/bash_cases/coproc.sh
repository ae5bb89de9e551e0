# coproc (execute_coproc, coproc_setvars, coproc_reap): NAME[0]/NAME[1] descriptors
# moved to the highest free below 64, NAME_PID and $!, a job; closed in subshells and
# async children but not in command substitutions; disposed after the coprocess ends
coproc cat
echo "fds=${COPROC[@]} pid_is_bang=$([ "$COPROC_PID" = "$!" ] && echo y)"
jobs
echo hello >&${COPROC[1]}
read -r line <&${COPROC[0]}
echo "line=$line"
x=$(echo viacmdsub >&${COPROC[1]} && echo ok); echo "x=$x"
( echo viasub >&${COPROC[1]} ); echo "sub=$?"
{ echo viabg >&${COPROC[1]}; } & wait $!; echo "bg=$?"
n=${COPROC[1]}; echo no 3>&$n; echo "three=$?"
read -r l <&${COPROC[0]}; echo "l=$l"
p=$COPROC_PID
eval "exec ${COPROC[1]}>&-"; echo "closed: ${COPROC[@]}"
sleep 0.2
echo "after: [${COPROC[@]}] [${COPROC_PID}]"
wait $p; echo "wait=$?"
coproc MYCO { echo one; read x; echo "got $x"; read y; exit 3; }
echo "my=${MYCO[@]}"
q=$MYCO_PID
read -r a <&"${MYCO[0]}"; echo "a=$a"
echo two >&"${MYCO[1]}"
read -r b <&"${MYCO[0]}"; echo "b=$b"
echo three >&"${MYCO[1]}"
sleep 0.2
echo "vars: [${MYCO[@]}] [${MYCO_PID}]"
jobs
wait $q; echo "w=$?"
f() { read v; echo "in f: $1 $v"; read v; }
coproc f arg
echo data >&${COPROC[1]}
read -r z <&${COPROC[0]}; echo "z=$z"
echo >&${COPROC[1]}
sleep 0.1
exec 3>&2 2>/tmp/coproc_case_warn
coproc sleep 5
coproc NEXT { sleep 5; }
exec 2>&3 3>&-
sed 's/\[[0-9]*:/[N:/' /tmp/coproc_case_warn
echo "next=${NEXT[@]} still=${COPROC[@]}"
kill -9 $NEXT_PID $COPROC_PID
sleep 0.1
echo "killed: [${NEXT[@]}]"
readonly RO=1
coproc RO { cat; }
echo "ro=[${RO_PID}] $RO"
kill $! ; wait $! 2>/dev/null
echo end
