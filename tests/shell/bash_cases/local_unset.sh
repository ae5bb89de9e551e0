# local NAME without a value: declared, unset, shadowing the outer NAME
# (variables.c find_variable stops at it); unset of a local and of a caller's
x=outer
f() { local x; echo "[$x] [${x-unset}]"; declare -p x; x=in; echo $x; unset x; echo "[${x-unset2}]"; declare -p x; }
f; echo $x
g() { unset x; echo "g:[${x-unset}]"; }
h() { local x=hl; g; echo "h:[${x-unset}]"; }
h; echo "top:$x"
k() { local x; g; echo "k:[${x-unset}]"; }
k
m() { local -A ma; ma[x]=1; declare -p ma; local y; y=2; declare -p y; local z=3; unset z; declare -p z; echo "[${z-u}]"; }
m; declare -p ma y z 2>&1
n() { local -i i; i=2+3; echo "$i"; local s; [[ -v s ]]; echo "v=$?"; s=; [[ -v s ]]; echo "v=$?"; }
n
# declare -a/-A/-i NAME without a value: no value printed until one is assigned
declare -A f1; declare -p f1
declare -a a1; declare -p a1
declare -i i1; declare -p i1
declare y1; declare -p y1
local_a() { local -a la; declare -p la; local -A lA; declare -p lA; }; local_a
declare -A f2=(); declare -p f2
s1=str; declare -a s1; declare -p s1
declare -a e1; e1+=(x); declare -p e1; unset e1; declare -p e1; e1=1; declare -p e1
declare -A h1; h1[k]=v; unset 'h1[k]'; declare -p h1; echo "${#h1[@]} [${h1[@]-none}]"
declare -a e2; [[ -v e2 ]]; echo "v=$?"; e2=str; declare -p e2
