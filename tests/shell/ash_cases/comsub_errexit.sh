# set -e in a command substitution: busybox clears it (ash.c evalbackcmd's
# eflag = 0), dash keeps it (eval.c); $- names c only in busybox
set -e
x=$(false; echo hi); echo "[$x]"
echo "$(false; echo in)"
echo $(echo $-)
y=$(false; echo never) || echo "status $?"
echo "[$y]"
z=$(false)
echo not reached
