# set -a (flags.c mark_modified_vars): every variable set and function defined is
# exported (variables.c bind_variable_internal, bind_variable_value, bind_function)
set -a; echo $-; x=1; f() { :; }; env | grep -c "^x=\|^BASH_FUNC_f"; set +a; y=2; env | grep -c ^y=
set -o allexport; echo $SHELLOPTS; set -o | grep allexport; set +o | grep allexport
read r <<< v; for i in 1; do :; done; g() { local l=3; env | grep -c '^l='; }; g; env | grep -c '^r=\|^i='
declare d=4; printf -v p 5; env | grep '^d=\|^p='
echo 'E=9' > envf; . ./envf; set +a; bash -c 'echo $E'; echo $-
