# set lists arrays as declare -p writes their values, strings quoted as print_var_value (sh_contains_shell_metas)
a=(1 "2 3"); declare -A m=([k]=v); x="a b"; y=$'t\tz'; z="~/p"; w="#c"; v="ok:~"; u=plain; e=
set | grep -E "^(a|m|x|y|z|w|v|u|e)="
