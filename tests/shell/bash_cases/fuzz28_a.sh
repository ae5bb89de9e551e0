# session 28's fuzz scripts (shell features only, each in its own subshell): the model
# against bash 5.2.15 and coreutils 9.1, written in the style of ../shared/reproducers
( # f01.sh
s="memory.current:12345"; echo "${s%%:*} ${s##*:} ${#s} ${s:7:7} ${s/current/max} ${s^^}"
); echo "rc=$?"
( # f02.sh
a=(one two three); a+=(four); echo "${#a[@]} ${a[-1]} ${a[@]:1:2} ${!a[*]}"; unset 'a[1]'; echo "${a[@]}" "${#a[@]}"
); echo "rc=$?"
( # f03.sh
declare -A m=([anon]=10 [file]=20); m[slab]=5; for k in $(printf '%s\n' "${!m[@]}" | sort); do echo "$k=${m[$k]}"; done; echo "${#m[@]}"
); echo "rc=$?"
( # f04.sh
i=0; while (( i < 5 )); do ((i++)); [[ $i -eq 3 ]] && continue; echo -n "$i "; done; echo; for ((j=10; j>0; j-=3)); do printf '%d,' $j; done; echo
); echo "rc=$?"
( # f05.sh
printf 'a b c\nd e f\n' | while read -r x y z; do echo "$z$y$x"; done; IFS=: read -r u v <<< "root:x:0"; echo "$u|$v"
); echo "rc=$?"
( # f06.sh
f() { local x=$1; shift; echo "$x:$#:$*"; return $((x % 3)); }; f 4 a b; echo "rc=$?"; f 3; echo "rc=$?"
); echo "rc=$?"
( # f07.sh
case "memory.high" in *.max) echo max;; *.high|*.low) echo "hi/lo";; *) echo other;; esac; x=abc; case $x in a*) echo A;;& *c) echo C;; esac
); echo "rc=$?"
( # f08.sh
cat <<EOT
value=$((6*7)) $(echo sub) \$HOME
EOT
cat <<'EOT'
literal $((1+1))
EOT
cat <<-EOT
	tabbed
	EOT
); echo "rc=$?"
( # f09.sh
x=$(printf 'a\nb\n\n\n'); echo "[$x]"; y=`echo back`; echo "$y"; echo "$(echo "$(echo nested)")"
); echo "rc=$?"
( # f10.sh
set -- -a 1 -b -c 2 rest; while getopts "a:bc:" o; do echo "$o=${OPTARG:-}"; done; shift $((OPTIND-1)); echo "left: $*"
); echo "rc=$?"
( # f11.sh
echo $(( 2**10 )) $(( 7 / 2 )) $(( -7 % 3 )) $(( 1 << 40 )) $(( 0x1F )) $(( 010 )) $(( 2#101 )) $(( 5 > 3 ? 1 : 0 ))
); echo "rc=$?"
( # f12.sh
v=; echo "${v:-def} ${v-unset} ${u-unset} ${v:+set}"; : ${w:=assigned}; echo $w; echo ${#undefined}
); echo "rc=$?"
( # f13.sh
trap 'echo "exit trap $?"' EXIT; false; (exit 3); echo "sub $?"; exit 5
); echo "rc=$?"
( # f14.sh
set -e; f() { echo in-f; false; echo not-here; }; if f; then echo ok; fi; echo after-if; g() { false; }; g || echo "g failed"; echo end
); echo "rc=$?"
( # f15.sh
str="a,b,,c"; IFS=, read -ra parts <<< "$str"; echo "${#parts[@]}"; for p in "${parts[@]}"; do echo "[$p]"; done
); echo "rc=$?"
( # f16.sh
echo {1..5} {a..e..2} {01..03} x{y,z}w {5..1..2}; echo {a,b}{1,2}
); echo "rc=$?"
( # f17.sh
x=5; ((x += 3, y = x * 2)); echo $x $y; let "z = y / 3" "w = z ** 2"; echo $z $w; echo $((x++)) $x $((--x))
); echo "rc=$?"
( # f18.sh
mapfile -t lines < <(printf 'l1\nl2\nl3\n'); echo "${#lines[@]} ${lines[1]}"; readarray -t -n 2 two < <(seq 5); echo "${two[*]}"
); echo "rc=$?"
( # f19.sh
printf '%5s|%-5s|%05.1f|%x|%o|%e|%c|%%\n' ab cd 3.14159 255 8 1234.5 xyz; printf '%s-' a b c; echo; printf -v out '%03d' 7; echo $out
); echo "rc=$?"
( # f20.sh
echo "a  b" | tr -s ' '; echo HeLLo | tr 'A-Z' 'a-z'; echo 'a:b:c' | cut -d: -f2-; printf '3\n1\n2\n' | sort -n | tr '\n' ' '; echo
); echo "rc=$?"
( # f21.sh
[[ "abc123" =~ ^([a-z]+)([0-9]+)$ ]] && echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"; [[ -n "" || 1 -lt 2 ]] && echo or; [[ abc == a* ]] && echo glob
); echo "rc=$?"
( # f22.sh
x=1; { x=2; echo "group $x"; }; ( x=3; echo "sub $x" ); echo "top $x"; echo "$BASH_SUBSHELL $(echo $BASH_SUBSHELL)"
); echo "rc=$?"
( # f23.sh
n=0; for f in /proc/self/status /nonexistent; do if [ -e "$f" ]; then n=$((n+1)); fi; done; echo $n; test -d /tmp && echo dir; [ ! -f /tmp ] && echo notfile
); echo "rc=$?"
( # f24.sh
s="  padded  "; t="${s#"${s%%[![:space:]]*}"}"; t="${t%"${t##*[![:space:]]}"}"; echo "[$t]"; u="a.b.c"; echo "${u//./_} ${u/#a/X} ${u/%c/Y}"
); echo "rc=$?"
( # f25.sh
declare -i n=5; n+=3; echo $n; declare -u up=hello; echo $up; declare -r ro=1; (ro=2) 2>&1 | sed 's/.*: //'; echo ok
); echo "rc=$?"
( # f26.sh
sum=0; while IFS=' ' read -r key val; do sum=$((sum + val)); done <<EOT
anon 100
file 250
EOT
echo $sum
); echo "rc=$?"
( # f27.sh
x=$(seq 1 3 | paste -sd+ | bc); echo $x; echo "scale=2; 10/3" | bc; echo $(( $(wc -l < /proc/self/status) > 5 ))
); echo "rc=$?"
( # f28.sh
arr=(3 1 2); IFS=$'\n' sorted=($(sort -n <<<"${arr[*]}")); unset IFS; echo "${sorted[*]}"; printf '%s\n' "${arr[@]}" | sort -r | head -1
); echo "rc=$?"
( # f29.sh
f() { echo "${FUNCNAME[0]} ${FUNCNAME[1]:-main} $LINENO"; }; g() { f; }; g; echo "$LINENO"
); echo "rc=$?"
( # f30.sh
exec 3>/tmp/fz_out.$$; echo to3 >&3; exec 3>&-; cat /tmp/fz_out.$$; rm -f /tmp/fz_out.$$; { echo err >&2; } 2>&1 | sed 's/^/E:/'
); echo "rc=$?"
( # f31.sh
x=10; until [ $x -le 7 ]; do x=$((x-1)); done; echo $x; select_var=1; echo ${select_var}; echo $(( RANDOM >= 0 ))
); echo "rc=$?"
( # f32.sh
v=$(printf '%s' "multi word"); set -- $v; echo $#; set -- "$v"; echo $#; echo "${@: -1}"
); echo "rc=$?"
( # f33.sh
a="x"; b=${a:-$(echo never)}; echo $b; echo ${a@Q} ${a@U}; c=$'tab\there'; echo "${c@Q}"
); echo "rc=$?"
( # f34.sh
printf '%s\n' 1 2 3 4 5 | awk 'NR>1{s+=$1} END{print s}'; printf 'k v\n' | awk '{print $2, $1}' OFS=-; echo "a b" | sed -e 's/a/A/' -e 's/b/B/'
); echo "rc=$?"
( # f35.sh
kb=$(( 123456789 / 1024 )); printf '%d KiB %.2f MiB\n' $kb $(echo "scale=4; $kb/1024" | bc); numfmt --to=iec 1048576 2>/dev/null || echo nonumfmt
); echo "rc=$?"
