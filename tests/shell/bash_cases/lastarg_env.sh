# $_ (bind_lastarg) and _ in a program's environment (put_command_name_into_env);
# the environment in bash's order (maybe_make_export_env)
echo "[$_]"
mkdir -p /tmp/lastarg_env.d && cd $_ && pwd && cd / && rmdir /tmp/lastarg_env.d
echo a b; echo "$_"
x=1; echo "[$_]"
f() { echo "in f [$_]"; }; f arg1 arg2; echo "after f [$_]"
true "x y"; echo "[$_]"
echo $(echo sub; echo "[$_]" >&2) "[$_]"
for i in 1 2; do :; done; echo "[$_]"
[[ -n q ]]; echo "[$_]"
ls /nonexistent 2>/dev/null; echo "[$_]"
echo a | cat; echo "[$_]"
set -- p q; echo "[$_]"
unset HOME USER LC_ALL PWD SHLVL OLDPWD
env
export B=2 A=1 Z=3
env | grep -n '^_='
printenv _
/usr/bin/printenv _
x=1 printenv _
bash -c 'printenv _; echo "[$_]"'
g() { local L=1 K=2; export L K; T=4 env; }; g
h() { :; }; k() { :; }; export -f k h; env | grep -c BASH_FUNC
env -u A env | tail -3
