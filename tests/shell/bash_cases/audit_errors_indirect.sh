# messages scripts provoke; ${x: -N} before the start is empty; ${!REF} of an unset REF, of NAME[SUB]
x=abc; echo "[${x: -10}] [${x: -10:2}] [${x: -3:1}] [${x: -2}]"
e=; echo "[${!e}]"
r="a[1]"; a=(x y); echo "[${!r}]"; r="a[-1]"; echo "[${!r}]"; r="a[@]"; echo "[${!r}]"
declare -A h=([k]=v); r="h[k]"; echo "[${!r}]"
r="bad name"; echo "[${!r}]"
unset u; echo "[${!u}]"
echo end
# error messages scripts provoke
set -- -z -b
while getopts "ab:" o; do echo "o=$o OPTARG=${OPTARG-unset}"; done
cd /nonexistent
local x=1
readonly R=1; R=2; echo "after R"
unset -v R
declare -i I=abc; echo "I=$I"
arr=(a b); echo "${arr}"; echo "${arr[5]-none}"
f() { echo "$1"; }; f "${arr[@]}"
echo "${!nonexistent_ref}"
x=5; echo "${x:10}" "[${x: -10}]"
shift 3
exit 300
