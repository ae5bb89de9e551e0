# a CHLD trap runs once for each child that exited, at the next command
trap 'echo "chld $?"' CHLD
sleep 0.1 & sleep 0.2 & wait; echo after-wait
true; echo builtin
/bin/true; echo after-ext
(exit 3); echo after-sub
v=$(echo hi); echo after-comsub
echo x | cat | cat; echo after-pipeline
f() { /bin/true; echo in-function; }; f
for i in 1 2; do /bin/true; done; echo loop
(trap; /bin/true; echo in-subshell)
trap - CHLD; /bin/true; echo off
trap 'n=$((n+1))' CHLD; n=0; for i in 1 2 3; do sleep 0.1 & done; wait; echo "n=$n"
trap 'echo last' CHLD; trap 'echo exit' EXIT
sleep 0.1
