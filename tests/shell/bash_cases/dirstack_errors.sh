# pushd, popd, dirs and DIRSTACK (builtins/pushd.def): their errors and edge cases
cd /tmp
pushd +9; echo $?; pushd /tmp >/dev/null; pushd +9; echo $?; popd +9; echo $?; popd -9; echo $?; dirs -9; dirs -x; echo $?; pushd -n; echo $?; popd -n; dirs; cd /; pushd /tmp /proc; echo $?; dirs -v -l; echo ${DIRSTACK[1]}; dirs
( pushd /proc >/dev/null; dirs ); dirs; pushd - ; echo "${#DIRSTACK[@]} ${DIRSTACK[0]}"
