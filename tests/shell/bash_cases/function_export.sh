# export -f: functions passed to bash children as BASH_FUNC_NAME%%; declare -f, declare -F, type print them as bash does (print_cmd.c named_function_string)
work() { echo "in $1"; }
export -f work
bash -c 'work a'
seq 2 | xargs -I{} bash -c 'work {}'
f(){ g(){ echo; }; a=1; b; }; declare -f f
h(){ if true; then echo a; fi; for i in 1; do echo $i; done; case x in a) b;; esac; c & d; ( e; f ) > x; while false; do :; done; { x; y; } 2>&1; echo a && echo b || echo c | cat; }
declare -f h
export -f h
env | grep -A30 BASH_FUNC_h | grep -v "^_="
k() { echo a; } >/dev/null 2>&1; declare -f k; declare -f nope k; echo st=$?
type k
declare -F
bash -c 'declare -F; type work'
unset -f h; env | grep -c BASH_FUNC
export -f nope; echo $?
m() ( echo sub )
declare -f m
n() { cat <<EOF2
x $1
EOF2
echo done; }
declare -f n
n q
export -nf work; bash -c "type work" 2>/dev/null; echo $?
export A=1 B=2
printenv A B; echo $?
printenv A nope B; echo $?
printenv =x; echo $?
printenv | grep -c "^A=1$"
printenv -0 A | od -c | head -1
printenv -z 2>&1; echo $?
