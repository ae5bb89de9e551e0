# set -u: an arithmetic expansion in an assignment ends the script too
set -u
x=$(( nope + 1 )); echo "sub: $? [${x-}]"
v=$(echo $(( nope2 )) ); echo "v=[$v] $?"
trap 'echo exit $?' EXIT
let "q = w + 1"
echo not reached
