# NAME=(...) among other assignments, with redirections, before a command
a=(1 2) b=3 c=(x y) ; echo "${a[@]} $b ${c[@]}"
r=(1); r+=(4) 2>/dev/null; echo "${r[@]}"
f() { r+=(5) 2>/dev/null; z=(9) >/dev/null; }
declare -f f
f; echo "${r[@]} ${z[@]}"
x=(1 2) > /nonexistent/file; echo "st=$? ${x[@]}"
a=(1 2) printenv a; echo "st=$? a=${a[*]}"
g() { echo "in g: [${p[*]}] [$p]"; declare -p p; }
p=(1 2) g
b=(x) :; declare -p b
v=5; t=($v "y z" [3]=q) printenv t
# declare, local, readonly with array values
declare -a r2=(1 2) 2>/dev/null; declare -p r2
declare -ar dr=(5 6) 2>/dev/null; declare -p dr
declare -a r3=(1 2) q=(3) 2>/dev/null; declare -p r3 q
h() { local -a la=(l1 l2) lb; declare -p la lb; }; h
h2() { local -a x=(1 2) y; declare -A z=([k]=v); declare -p x y z; }; declare -f h2; h2
readonly rr=(a b); declare -p rr
declare -A hh=([one]=1 [two]=2) 2>/dev/null; declare -p hh
h3() { local -ra lr=(1 2); declare -p lr; lr+=(3); echo "not reached"; }; h3 2>&1; echo "h3: $?"
set -x; w=(1 $v) u=3; t=(1 $v) printenv t; set +x
readonly ro=(1); ro=(2) 2>/dev/null; echo "not reached"
echo "next line"
