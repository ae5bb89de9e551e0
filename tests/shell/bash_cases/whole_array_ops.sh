a=(alpha beta gamma delta)
echo "${a[@]/a/X}" "${a[@]//a/X}" "${a[@]#?}" "${a[@]%a}" "${a[@]^^}" "${a[*]^}"
echo "${a[@]:1}" / "${a[@]:1:2}" / "${a[@]: -2}" / "${a[@]:0:0}" / "${a[*]:2}"
b=([2]=two [5]=five [9]=nine)
echo "${b[@]:3}" / "${b[@]:-1}" / "${b[@]: -1}"
set -- one two three four
echo "${@:2}" / "${@:2:2}" / "${@: -1}" / "${*:3}" / "${@/o/0}" / ${#@}
f() { echo "${@:0:1}"; }; f x
for x in "${a[@]%%[ae]*}"; do echo "[$x]"; done
declare -A h
h[k]=v; h[j]=w
echo "${h[@]^^}"
