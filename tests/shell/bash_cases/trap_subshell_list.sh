# a subshell lists its parent's traps until it sets one of its own
trap 'echo t' USR1; trap 'echo e' EXIT
(trap); x=$(trap); echo "[$x]"
(trap 'echo u' USR2; trap)
( (trap -p USR1) )
saved=$(trap); trap - USR1; trap; eval "$saved"; trap -p USR1
