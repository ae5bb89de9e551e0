# read fails at end of file before its delimiter (the variables still set);
# umask -S/-p and symbolic modes; BASH_LINENO; [[ -v NAME[SUB] ]]
printf 'a\nb\nc' | while read -r l; do echo "l=$l"; done
while read -r l; do echo "m=$l"; done < <(printf 'x\ny')
read -r z < <(printf 'nonl'); echo "st=$? z=$z"
cnt=0; while read -r line; do (( cnt++ )); done < <(printf 'a\nb\nc'); echo "cnt=$cnt"
cnt=0; while read -r line; do cnt=$((cnt+1)); done < <(printf 'a\nb\nc'); echo "cnt=$cnt"
umask 022; umask -S; umask -p; umask u=rwx,g=rx,o=; umask
umask -S; umask -p -S; umask 0777; umask -S; umask a+r; umask; umask g-w,o=x; umask; umask 9; echo $?; umask -q; echo $?; umask 022
f() { echo "L: ${BASH_LINENO[*]} $BASH_LINENO"; }; g() { f; }
g
f
echo "top: ${BASH_LINENO[*]}"
a=(1 "" 3); declare -A h=([k]=v); [[ -v a[1] ]] && echo a1; [[ -v a[5] ]] || echo no5; [[ -v a[-1] ]] && echo last; [[ -v h[k] ]] && echo hk; [[ -v h[z] ]] || echo nohz; [[ -v a[@] ]] && echo any
IFS= read -r -d '' blob <<< "x"; echo "st=$?"
read -n 2 two <<< "abc"; echo "st=$? $two"; read -n 5 five < <(printf 'ab'); echo "st=$? $five"
