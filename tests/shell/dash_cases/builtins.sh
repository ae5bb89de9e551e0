# dash's builtins: echo (backslashes, -n only), type and command -v, set -o, $-,
# the variables it does not compute, arithmetic (arith_yacc.c's grammar)
echo 'a\tb\\c' -n x; echo -n y; echo -e z
echo 'a\cb'; echo c
echo '\0101\101\x41'
type [[ function local echo printf test cd if
command -v cd if nosuch; echo "rc=$?"
command -V cd
set -o
set +o
echo "[$-]"; set -eu; echo "[$-]"; set +eu
echo "[$RANDOM][$SECONDS][$FUNCNAME][$BASHPID]"
x='a b'; set | grep '^x='
readonly r=1; readonly -p
trap 'echo x' INT; trap; trap - INT
echo $((1<<3)) $((7%3)) $((0x10)) $((010)) $((1?2:3)) $((x=3)) $x $(( (1+2)*3 ))
i=1; echo $((i+=2)) $i
(echo $(( 2 ** 3 ))); echo "rc=$?"
(echo $(( x++ ))); echo "rc=$?"
(echo $((2#101))); echo "rc=$?"
(echo $((1/0))); echo "rc=$?"
(echo $((1?2))); echo "rc=$?"
(y='(1'; echo $(($y))); echo "rc=$?"
printf '%s %b\n' a 'b\tc'
printf '%d\n' 3
x=1; f() { local x; echo "[$x]"; x=2; local; }; f; echo "[$x]"
f() { local y=1 z; z=3; echo "[$y][$z]"; }; f; echo "[$y][$z]"
ulimit -n abc; echo "ulimit rc=$?"
ulimit -a | sed 's/ [^ ]*$/|/'
x=abc; (echo $((x+1)); echo not reached); echo "arith rc=$?"
x=' 0x10'; echo $((x+1)); x=; echo $((x+1)); x=abc; echo $((x=5)) $x
(echo $(( )); echo not reached); echo "rc=$?"
(set -o pipefail; echo not reached); echo "set rc=$?"
(set +o nosuch); echo "set rc=$?"
set -o errexit; echo "[$-]"; set +o errexit
