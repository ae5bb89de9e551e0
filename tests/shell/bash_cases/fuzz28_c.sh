# session 28's fuzz scripts, third set: this branch's features together (lastpipe in
# functions, globstar with nullglob/failglob, RETURN traps under set -T in subshells,
# printf's bad formats with -v, %5% refused), each in its own subshell and directory
( # h01.sh
mkdir d1 && cd d1
shopt -s lastpipe; f() { local n=0; printf '%s\n' a b | while read -r l; do n=$((n+1)); done; echo "n=$n"; }; f; echo "${n:-unset}"
seq 3 | { read a; read b; }; echo "$a$b"; set -o pipefail; (exit 3) | read z; echo "pf $? ${PIPESTATUS[*]}"
echo x | mapfile -t m; echo "${m[0]}"; echo q | while read l; do break; done; echo "st $?"
); echo "rc=$?"
( # h02.sh
mkdir d2 && cd d2
shopt -s globstar nullglob; mkdir -p t/u; : > t/u/v; : > t/w; echo t/**/; echo t/**/v; echo **/nomatch; echo "[$(echo **/*.none)]"; shopt -s failglob; echo **/zz 2>&1; echo after
); echo "rc=$?"
( # h03.sh
mkdir d3 && cd d3
f() { trap 'echo "leaving $FUNCNAME"' RETURN; g; }; g() { echo in-g; }; f; trap - RETURN; set -T; trap 'echo "ret ${FUNCNAME[0]}"' RETURN; h() { :; }; x=$(h); echo "[$x]"; (h); h | cat
); echo "rc=$?"
( # h04.sh
mkdir d4 && cd d4
printf -v v '%s %1$s' a 2>&1; echo "v=[$v] $?"; printf '%s\n' "%d" | while read f; do printf "$f\n" 5; done; printf '%5%|\n'; printf "%'d\n" 1234567
); echo "rc=$?"
( # h05.sh
mkdir d5 && cd d5
a=(); echo "${#a[@]}"; (echo "${#a[-1]}") 2>&1; a=(1); unset 'a[-1]'; declare -p a; b=(x y z); unset 'b[-4]' 2>&1; echo "rc=$?"; declare -p b
); echo "rc=$?"
( # h06.sh
mkdir d6 && cd d6
x=$(fold -w 3 <<< "abcdefg"); echo "$x" | tr '\n' ,; echo; expand -t 4 <<< $'a\tb'; printf 'ab\0cdefg\n' | strings; tty -s; echo "tty $?"
); echo "rc=$?"
( # h07.sh
mkdir d7 && cd d7
awk 'BEGIN { while (("printf \"1\\n2\\n\"" | getline v) > 0) s += v; print s; print system("true"), system("false") }'; awk 'BEGIN { "pwd" | getline d; print (d != "") }'
); echo "rc=$?"
( # h08.sh
mkdir d8 && cd d8
trap 'echo r' RETURN; . /dev/null; echo "src $?"; f() { return 4; }; f; echo "f $?"; trap - RETURN; trap -p
); echo "rc=$?"
