# bash's two quoting helpers behind declare -p, set, ${x@Q} and set -x (shquote.c):
# sh_contains_shell_metas (# only first, ~ only first or after = and :) and
# sh_single_quote (a lone ' as \')
declare -A m=([a#b]=1 ["~x"]=2 [x~y]=3 ["#c"]=4 [k=~z]=5 [p:~q]=6 ["s p"]=7)
declare -p m
x="'"; y="a'"; z='a#b' w='~w' v='u:~v'
echo "${x@Q} ${y@Q}"
set | grep -E '^[xyzwv]='
set -x; : "$x" "$z" "$w"; t=$x; set +x
