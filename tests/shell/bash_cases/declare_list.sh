# declare, export, readonly without names: the variables (functions) listed
unset HOME USER LC_ALL PWD SHLVL
f() { echo f; }
g() { echo g; }
export -f f
echo ---export -f; export -f
echo ---declare -fx; declare -fx
echo ---declare -f; declare -f
echo ---declare -F; declare -F
export A=1 B="x y"; declare -i N=3; export N; readonly R=r; declare -a AR=(1 2); declare -A AS=([k]=v); export AR
echo ---declare -x; declare -x
echo ---export -p; export -p
echo ---export; export
echo ---declare -xi; declare -xi | grep -v PPID=
echo ---declare -r; declare -r | grep -v PPID=
echo ---declare -a; declare -a
echo ---declare -A; declare -A
echo ---readonly; readonly | grep -v PPID=
shopt -s extglob; set -u
echo ---declare -p; declare -p | grep -v -e '^declare -ir PPID=' -e '^declare -- HOSTNAME=' -e '^declare -- BASH='
