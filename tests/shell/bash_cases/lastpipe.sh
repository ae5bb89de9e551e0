# shopt -s lastpipe: the last stage of a pipeline runs in the script's shell (execute_pipeline's
# lastpipe_flag, no job control), so what it sets stays; exit/return/break in it act there
shopt -s lastpipe
echo hi | read x; echo "x=$x"
printf '%s\n' a b c | while read l; do n=$((n+1)); last=$l; done; echo "n=$n last=$last"
echo $BASHPID $$ | { read a b; [ "$a" = "$b" ] && echo same pid; }
seq 3 | mapfile -t arr; declare -p arr
false | true; echo "st $? ${PIPESTATUS[*]}"
true | false; echo "st $? ${PIPESTATUS[*]}"
set -o pipefail; false | true; echo "pf $?"; set +o pipefail
yes | head -2 | { read a; read b; echo "$a$b"; }
f() { echo x | return 7; echo notreached; }; f; echo "f $?"
for i in 1 2 3; do echo $i | { read v; [ $v = 2 ] && break; }; echo "i $i"; done
shopt lastpipe; shopt -u lastpipe; echo hi | read y; echo "y=$y"
shopt -s lastpipe
(echo sub | read z; echo "sub z=$z")
echo q | exit 3
echo notreached
