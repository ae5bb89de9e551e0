# wait -p VAR (bash 5.1): the pid of the job whose status wait returns, VAR unset
# first; options where internal_getopt reads them
sleep 0.1 & p=$!
wait -p v -n; echo "n $? $([ "$v" = "$p" ] && echo same)"
(exit 3) & p=$!
wait -p v $p; echo "pid $? $([ "$v" = "$p" ] && echo same)"
v=old; wait -p v; echo "none [${v-unset}]"
sleep 0.1 & wait -p 1bad -n; echo "bad $?"; wait
sleep 0.1 & p=$!; wait -pv -n; echo "joined $([ "$v" = "$p" ] && echo same)"; wait
sleep 0.1 & wait -p a[2] %1; echo "element $([ -n "${a[2]}" ] && echo set)"
wait -- -n; echo "dashdash $?"
