# FUNCNAME, BASH_SOURCE, BASH_LINENO and caller under bash -c and on standard input:
# no "main" frame (shell.c pushes one for a script file only); functions a -c
# string defines come from "environment", those read from stdin from "main"
bash -c 'echo "top: [${BASH_SOURCE[*]}] ${#BASH_SOURCE[@]} [${FUNCNAME[*]}] [${BASH_LINENO[*]}] ${#BASH_LINENO[@]}"; caller; echo "c=$?"
f() { echo "f: [${BASH_SOURCE[*]}] [${FUNCNAME[*]}] [${BASH_LINENO[*]}]"; caller; caller 0; echo "c0=$?"; g; }
g() { echo "g: [${BASH_SOURCE[*]}] [${FUNCNAME[*]}] [${BASH_LINENO[*]}]"; caller 1; nosuch; }
f; declare -p BASH_SOURCE BASH_LINENO'
echo 'echo "[${BASH_SOURCE[*]}] ${#BASH_SOURCE[@]}"; f() { echo "f [${BASH_SOURCE[*]}] [${FUNCNAME[*]}] [${BASH_LINENO[*]}]"; caller; nosuchf; }; f; caller; echo "top=$?"' | bash
bash -c 'f() { nosuchf; }; f' myname
printf 'f() { caller x; echo "st=$?"; caller -x; echo "st=$?"; caller 5; echo "st=$?"; caller -- 0; caller 0 1; echo "st=$?"; caller " 1 "; echo "st=$?"; }\ng() { f; }\ng\ncaller; echo "top=$?"\n' > cl.sh
bash ./cl.sh
f() { caller; caller 0; caller 1; echo "st=$?"; }; f
