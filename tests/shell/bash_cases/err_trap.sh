# ERR trap (run_error_trap where set -e would act), set -E, BASH_COMMAND
trap 'echo "ERR($?) line $LINENO: $BASH_COMMAND"' ERR
f() { false; echo "in f after false"; return 2; }
f
false || true
if false; then :; fi
! false
(( 0 ))
[[ a == b ]]
false | true
true | false
( false; echo "sub continues" )
x=$(false)
g() { local v; v=$(false); return 0; }; g
set -E
f
( false; echo "sub -E" )
set +E
trap -p ERR
trap - ERR
false
echo "no trap"
set -eE
trap 'echo "trap then exit $?"' ERR
h() { echo h; false; echo "not reached"; }
h
echo "not reached either"
