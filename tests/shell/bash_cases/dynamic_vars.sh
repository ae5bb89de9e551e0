# the dynamic variables bash computes when read: GROUPS (root's), DIRSTACK (the
# working directory alone), BASH_ARGV0 ($0, assignable); GROUPS ignores assignments
echo "${GROUPS[@]}|$GROUPS|${#GROUPS[@]}|${#DIRSTACK[*]}|$BASH_ARGV0|$0"
[ "${DIRSTACK[0]}" = "$PWD" ] && [ "$DIRSTACK" = "$PWD" ] && echo dirstack is PWD
mkdir -p d1; cd d1; [ "${DIRSTACK[0]}" = "$PWD" ] && echo still PWD; cd ..
GROUPS=5; echo "g $GROUPS $?"
BASH_ARGV0=renamed; echo "$0|$BASH_ARGV0"
declare -p GROUPS BASH_ARGV0
f() { echo "in f: ${FUNCNAME[0]} $0"; }; f
