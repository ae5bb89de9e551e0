# more reproducer idioms
die() { echo "FATAL: $*" >&2; exit 1; }
check() { "$@" || die "failed: $*"; }
check true
fact() { local n=$1; (( n <= 1 )) && { echo 1; return; }; local r; r=$(fact $((n-1))); echo $(( n * r )); }
echo "fact 10 = $(fact 10)"
trap 'echo "ERR at $LINENO: $BASH_COMMAND status $?"' ERR
false
ls /nonexistent_dir 2>/dev/null
trap - ERR
printf '%b\n' 'tab\there' 'nl\\n'
printf '%3s|%-3s|%03d|%+d|% d|%.2s|%c\n' a b 7 5 5 abcdef xyz
printf '%s %s\n' 1 2 3
printf '%d\n' 0x1f 010 "'A"
printf '[%10.3f] [%-10.2e] [%G]\n' 3.14159 1234.5 0.00001
v1=a; v2=b; vv=c; echo "${!v*}"
declare -n ref=v1; ref=changed; echo "$v1"
IFS= read -r -d '' blob <<'EOF2'
line1
line2
EOF2
printf '%q\n' "$blob"
read -r first rest <<< "one two three"; echo "$first|$rest"
case x in x) echo one;& y) echo two;; z) echo three;; esac
case b in a|b) echo ab;;& b) echo b2;; *) echo star;; esac
s="a-b-c"; IFS=- read -r p q r <<< "$s"; echo "$p $q $r"
arr=( $(printf '%s ' z y x) ); IFS=$'\n' sorted=($(sort <<<"${arr[*]}")); unset IFS; echo "${sorted[*]}"
echo "${arr[@]/y/Y} ${arr[@]^} ${#arr[1]}"
joined=$(IFS=,; echo "${arr[*]}"); echo "$joined"
exec 3>/tmp/a4_fd3.txt; echo "to fd3" >&3; exec 3>&-; cat /tmp/a4_fd3.txt; rm -f /tmp/a4_fd3.txt
{ echo out; echo err >&2; } 2>&1 | sort
x=$(printf 'a\n\n\n'); echo "[${x}]"
[[ -z "" && -n x && ! -e /nonexistent ]] && echo tests-ok
num=42; [[ $num =~ ^[0-9]+$ ]] && echo numeric
(( num % 2 == 0 )) && echo even
echo $(( RANDOM >= 0 ))
f2() { echo "args: $# [$*] [$@] [${@:2}] [${*: -1}]"; }; f2 a "b c" d
set -- x y z; shift 2; echo "$1 $#"
echo "${PIPESTATUS[@]}"
time_s=$SECONDS; echo "elapsed ok: $(( SECONDS - time_s ))"
i=0; until (( i >= 3 )); do i=$((i+1)); done; echo "until $i"
while :; do break; done; echo "broke"
for i in 1 2 3; do for j in a b; do [[ $j == b ]] && continue 2; echo "$i$j"; done; done
echo $'esc\x41\101'
unset -f fact; type fact 2>&1
echo "${#}"
exit
