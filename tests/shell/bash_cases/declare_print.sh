# declare -p NAME... and declare -F NAME...: each variable as the declare that remakes it
declare -rix a=1; declare -p a; b="x y\"\$\`\\z"; declare -p b
c=$'t\tn\n'; declare -p c
arr=(1 "2 3"); arr[7]=x; declare -p arr
declare -A m=([k]=v [a]="1 2" ["a b"]=3); declare -p m
declare -p nope; echo $?
declare -ia ia=(1 2); declare -p ia
export X=1; declare -p X
declare -n r=b; declare -p r; declare -p a b
f(){ :; }; g(){ :; }; declare -F f nope; echo $?
fn(){ local l=3; declare -p l; local -i k; declare -p k; declare -p b; }; fn
declare -i n=5; n+=2; declare -p n
declare -r -- rr=1; declare -p rr
e=(); declare -p e
x=$'a\x01b'; declare -p x
y="é"; declare -p y
w="it's"; declare -p w
readonly R2=4; declare -p R2
declare -A g; g[x]=1; declare -p g
declare -p R2 nope a; echo $?
declare x; declare -p x; echo "[${x-unset}]"; [[ -v x ]]; echo $?; declare z; echo ${z:-d}; echo ${!x*}; export x; env | grep -c "^x="; x=1; declare -p x
