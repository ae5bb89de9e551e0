# set -e is cleared in a command substitution (subst.c command_substitute) unless
# inherit_errexit is set
set -e
x=$(false; echo hi); echo "[$x]"
echo "$(false; echo in)"
echo $(echo $-)
shopt -s inherit_errexit
echo $(echo $-)
y=$(false; echo never) || echo "status $?"
echo "[$y]"
z=$(false; echo never)
echo not reached
