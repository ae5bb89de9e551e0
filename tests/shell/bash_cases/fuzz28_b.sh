# session 28's fuzz scripts, second set (namerefs, printf %q/%b, read -d/-n, coprocesses,
# wait -n, declare -p, set -u, traps, arithmetic bases...), each in its own subshell
( # g01.sh
f() { local -n ref=$1; ref+=(added); }; arr=(x); f arr; echo "${arr[@]}"; declare -p arr
); echo "rc=$?"
( # g02.sh
name=HOME2; HOME2=/root; echo "${!name}"; eval "v_$((1+1))=two"; echo $v_2; set -- a "b c" d; for x in "$@"; do echo "<$x>"; done; for x in $*; do echo "{$x}"; done
); echo "rc=$?"
( # g03.sh
printf '%q\n' "a b" 'it'"'"'s' $'nl\n' ''; printf '%b\n' 'a\tb\x41\0101'; echo -e 'x\ty\c'; echo; echo -n n; echo
); echo "rc=$?"
( # g04.sh
read -d ';' a <<< "first;second"; echo "$a"; read -n 3 b <<< "abcdef"; echo "$b"; read -r c d <<< "  lead  trail  "; echo "[$c][$d]"
); echo "rc=$?"
( # g05.sh
seq -s, 5; seq 2 2 9 | xargs -n 2 echo; printf '%s\n' b a c a | sort | uniq -c; printf '1\n2\n3\n' | head -n -1; printf '1\n2\n3\n' | tail -n +2
); echo "rc=$?"
( # g06.sh
printf 'k2 b\nk1 a\nk3 c\n' | sort -k2,2r; printf 'a\nb\n' | nl; echo abc | rev; printf '1\n2\n' | tac; printf 'AB' | od -An -tx1; printf hi | base64; printf hi | sha256sum
); echo "rc=$?"
( # g07.sh
type cd echo ls 2>&1 | head -3; command -v printf; command -v nosuch || echo none; type -t f 2>/dev/null || echo notype
); echo "rc=$?"
( # g08.sh
set -u; x=1; echo $x; (echo $undefined_var) 2>&1 | sed 's/^.*: //'; echo "still"; echo "${undefined2:-ok}"
); echo "rc=$?"
( # g09.sh
s=hello; echo "${s: -3} ${s: -3:2} ${s:1:-1} ${s::2}"; a=(1 2 3 4 5); echo "${a[@]: -2}" "${a[@]:1:-0}" 2>&1
); echo "rc=$?"
( # g10.sh
[[ a < b ]] && echo lt; [[ 10 -lt 9 ]] || echo numlt; [[ -z $unset && ! -v unset ]] && echo unset; x=5; [[ -v x ]] && echo isset
); echo "rc=$?"
( # g11.sh
IFS=' :'; line="a : b::c"; set -- $line; echo $#; for w; do echo "[$w]"; done; unset IFS
); echo "rc=$?"
( # g12.sh
sleep 0.1 & p1=$!; sleep 0.2 & p2=$!; wait -n; echo "first done"; wait; echo all; jobs; echo "$(jobs | wc -l)"
); echo "rc=$?"
( # g13.sh
coproc BC { bc; }; echo '6*7' >&"${BC[1]}"; read -r ans <&"${BC[0]}"; echo "$ans"; exec {BC[1]}>&-; wait
); echo "rc=$?"
( # g14.sh
if read -t 0.1 x < <(sleep 1); then echo got; else echo "timeout $?"; fi; read -t 1 y <<< "fast"; echo "$y"
); echo "rc=$?"
( # g15.sh
x=1; declare -p x; declare -a arr=(a 'b c'); declare -p arr; declare -A h=([k]=v); declare -p h; f() { :; }; declare -f f; declare -F
); echo "rc=$?"
( # g16.sh
echo $(( 10 / 0 )) 2>&1; echo "after"; (( x = 08 )) 2>&1; echo "rc=$?"
); echo "rc=$?"
( # g17.sh
find /proc/self -maxdepth 1 -name 'st*' | sort | head -3; stat -c '%F' /tmp; wc -w <<< "one two three"
); echo "rc=$?"
( # g19.sh
x="a b"; y=(${x}); echo ${#y[@]}; z="${x}"; echo "$z"; arr=("$x" c); printf '<%s>' "${arr[@]}"; echo; printf '<%s>' ${arr[@]}; echo
); echo "rc=$?"
( # g20.sh
f() { echo "args: $#"; }; f "" ""; f $empty; f "${empty}"; e=(); f "${e[@]}"; f "${e[*]}"
); echo "rc=$?"
( # g21.sh
for i in 1 2 3; do for j in a b; do [ $j = b ] && continue 2; echo $i$j; done; done; while :; do break; done; echo done
); echo "rc=$?"
( # g22.sh
str=$(printf 'x%.0s' {1..5}); echo $str; printf -- '-%s-\n' dash; printf '%*d|%-*d|\n' 5 42 4 7; printf '%.3s\n' abcdef
); echo "rc=$?"
( # g23.sh
v=$'a\nb'; echo "${v//$'\n'/,}"; echo "${v@Q}"; w="x*y"; echo "${w//\*/+}"; p='*'; echo "${w//$p/-}" "${w//"$p"/-}"
); echo "rc=$?"
( # g25.sh
dd if=/dev/zero bs=1k count=3 2>/dev/null | wc -c; head -c 5 /dev/urandom | wc -c; yes abc | head -3; cat /dev/null | wc -l
); echo "rc=$?"
( # g26.sh
x=1; f() { x=2; local y=3; g; }; g() { echo "$x $y"; }; f; echo "$x ${y:-none}"
); echo "rc=$?"
( # g27.sh
echo "${BASH_VERSINFO[0]}" "$((${#BASH_VERSION} > 0))"; echo $- | tr -d c; shopt -q extglob && echo eg || echo noeg; set -o | grep -c . >/dev/null && echo setlist
); echo "rc=$?"
( # g28.sh
printf '%s\n' "a=1" "b=2" | while IFS== read -r k v; do printf '%s->%s\n' "$k" "$v"; done; printf 'x y\n' | { read a b; echo "$b $a"; }
); echo "rc=$?"
( # g29.sh
s=""; for ((i=0;i<3;i++)); do s+="$i"; done; echo "$s"; n=${#s}; echo $((n*2)); [ "$s" \< "1" ] && echo less
); echo "rc=$?"
( # g30.sh
trap 'echo caught USR1' USR1; kill -USR1 $BASHPID; echo after; trap - USR1; trap -p USR1; echo end
); echo "rc=$?"
( # g31.sh
x=$( { echo out; echo err >&2; } 2>&1 ); echo "[$x]"; { echo a; echo b; } | wc -l; exec 4<&0; exec 4<&-; echo closed
); echo "rc=$?"
( # g32.sh
echo "$((16#ff)) $((36#z)) $((64#_))"; printf '%d\n' 0x10 010 "'A"; echo $(( ~0 )) $(( 1 ^ 3 )) $(( !0 ))
); echo "rc=$?"
