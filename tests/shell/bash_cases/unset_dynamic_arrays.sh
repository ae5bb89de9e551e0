# unset takes GROUPS, DIRSTACK and FUNCNAME's special properties away for good (variables.c:
# "If GROUPS is unset, it loses its special properties, even if it is subsequently reset")
cd /
(unset GROUPS; echo "sub=${GROUPS[0]}"); echo "parent=${GROUPS[0]}"
declare -p GROUPS DIRSTACK
unset GROUPS DIRSTACK; declare -p GROUPS DIRSTACK 2>&1; echo "st=$?"
GROUPS=7; DIRSTACK=(a b); echo "$GROUPS ${DIRSTACK[1]}"; declare -p GROUPS DIRSTACK
g() { echo "g: ${FUNCNAME[*]}"; }
f() { g; unset FUNCNAME; g; FUNCNAME=x; echo "f: $FUNCNAME"; }
f; g
unset GROUPS; echo "g=${GROUPS[0]} ${#GROUPS[@]} $?"; GROUPS=(5 6); echo "${GROUPS[*]}"
unset DIRSTACK; echo "d=${DIRSTACK[0]} ${#DIRSTACK[@]}"
f() { unset FUNCNAME; echo "fn=${FUNCNAME[0]} ${#FUNCNAME[@]}"; }; f; f
true | false; unset PIPESTATUS; echo "ps=${PIPESTATUS[*]} ${#PIPESTATUS[@]}"; false | true; echo "ps2=${PIPESTATUS[*]}"
