# compgen over the shell's own names (pcomplete.c gen_action_completions' order;
# sorted lists but for builtins', keywords' and options' table orders), -W, -X, -P, -S
compgen -W 'alpha beta gamma' -- b
compgen -v BASH_VERS
compgen -A function; echo "none: $?"
f() { :; }; g() { :; }; compgen -A function
compgen -b | head -4; compgen -b | wc -l
compgen -k | tr '\n' ' '; echo
alias b=1 a=2; compgen -a
compgen -A setopt | head -3; compgen -A shopt p
compgen -W "x1 x2 y" -P "<" -S ">" x
compgen -W "a1 a2 b" -X "a2"; compgen -W "a1 a2 b" -X "!a*"
compgen -v nosuch; echo st=$?; compgen -W "a b" -- c; echo st=$?
compgen -Wa1; compgen -x; echo $?; compgen -A; echo $?
enable -n echo; compgen -A disabled; compgen -A enabled | head -2; enable echo
export ZZ_X=1; compgen -v -W "ZZ1 ZZ2" ZZ; compgen -e ZZ
