# namerefs into arrays, local -r per call, @a/@A attributes, printf %Nq, readonly BASH_VERSINFO
readonly R=1; printf -v R x; echo "st $?"; mapfile R < /dev/null; echo "st $?"
f() { local -r L=1; echo "L=$L"; }; f; f
g() { local -n out=$1; out=(x y); out[2]=z; }; g arr; echo "${arr[@]} ${#arr[@]}"
declare -n nr; nr=target_v; echo "[$target_v] [${nr}]"
printf '[%5q] [%-6q]\n' a 'b c'
a=(1 '2 3'); echo "${a[*]@Q}"; echo "${a[@]@A}"
declare -i I=3; declare -r I; echo "${I@a}"; export E=1; echo "${E@a}"
declare -A h=([x]=1); echo "${h@a}" "${h[@]@a}"
x=$'a\x01b'; echo "${x@Q}" | cat -v
echo "${BASH_VERSINFO[@]}"; BASH_VERSINFO[0]=6; echo "st $?"
