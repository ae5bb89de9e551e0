# BASH_SUBSHELL: subshell_level, one up in ( ), $( ), <( ) >( ), an async
# command, a coproc, a compound command as a pipeline stage, and a builtin or
# function run by a pipeline stage once its words are expanded
echo "top $BASH_SUBSHELL"
( echo "paren $BASH_SUBSHELL"; ( echo "paren2 $BASH_SUBSHELL" ) )
( ( echo "pp $BASH_SUBSHELL" ) )
echo "cs $(echo $BASH_SUBSHELL) $( (echo $BASH_SUBSHELL) ) $( ( (echo $BASH_SUBSHELL) ) )"
echo $BASH_SUBSHELL | cat
echo $(echo $BASH_SUBSHELL) | cat
{ echo "grp-stage $BASH_SUBSHELL"; } | cat
(echo "pstage $BASH_SUBSHELL") | cat
for i in 1; do echo "for-stage $BASH_SUBSHELL"; done | cat
f() { echo "fn $BASH_SUBSHELL"; }
f | cat; f; echo x | f
eval 'echo ev $BASH_SUBSHELL' | cat
echo x | { read a; echo "grp-last $BASH_SUBSHELL"; }
echo "ppsub $(echo $(echo $BASH_SUBSHELL) | cat)"
cat < <(echo "procsub $BASH_SUBSHELL"); cat <( (echo "psp $BASH_SUBSHELL") )
echo hi > >(cat; echo "procsub-out $BASH_SUBSHELL"); wait $!
echo "async $BASH_SUBSHELL" & wait
{ echo "async-grp $BASH_SUBSHELL"; } & wait
(echo "pasync $BASH_SUBSHELL") & wait
echo "$BASH_SUBSHELL" | cat & wait
f | cat & wait
coproc { echo "coproc $BASH_SUBSHELL"; }; read -u ${COPROC[0]} l; echo "$l"; wait
echo hi > f$BASH_SUBSHELL | cat; ls f?; rm f?
bash -c 'echo "bash-c $BASH_SUBSHELL"' | cat
declare -p | grep SUBSHELL; echo "${BASH_SUBSHELL@A} ${#BASH_SUBSHELL}"; declare -p | grep SUBSHELL
declare -p BASH_SUBSHELL | cat; (declare -p BASH_SUBSHELL); declare -p | grep SUBSHELL
# assign_subshell: a number (legal_number) or 0; the value cell unchanged
BASH_SUBSHELL=abc; echo "abc $BASH_SUBSHELL"; BASH_SUBSHELL=-3; (echo "neg $BASH_SUBSHELL")
BASH_SUBSHELL=2+3; echo "expr $BASH_SUBSHELL"; BASH_SUBSHELL=" 4"; declare -p | grep SUBSHELL
BASH_SUBSHELL=7; (echo "seven $BASH_SUBSHELL"; ( echo "eight $BASH_SUBSHELL"))
BASH_SUBSHELL=0; unset BASH_SUBSHELL; echo "unset [$BASH_SUBSHELL]"; (echo "unset-sub [$BASH_SUBSHELL]")
BASH_SUBSHELL=5; (echo "plain $BASH_SUBSHELL"); declare -p BASH_SUBSHELL
