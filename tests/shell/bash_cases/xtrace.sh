# set -x as bash 5.2 writes it (print_cmd.c): PS4 and its levels, quoting, compound heads
exec 2>&1
set -x
x=1 y='a b' z= w='it'"'"'s' q="'" t=$'\t' u='~x' v='a=~b' h='#c' k=d#
echo ~x a=~b '#c' d# '' "$t" '*' ^ a:~b
x+=2; i=2; z[$i]="sp ace"; a=(1 "$x"); a+=(2)
eval 'echo ev'
c=$(d=$(echo deep); echo "$d")
echo "$(eval 'echo evc')"
echo 'echo insrc' > src.sh; source ./src.sh; . ./src.sh
cat <(echo ps) > /dev/null
for q in a "$x" $(echo b c); do :; done
set -- p q; for q; do :; done
for ((i=0; i<2; i++)); do :; done
for ((;;)); do break; done
case "$x" in 12) :;; esac
[[ -n $x && $x != 2 || -z "" ]]
[[ ! -f /nonexistent ]]; [[ ! ( $x == 12 ) ]]; [[ $x ]]; [[ $x == "a b"* ]]; [[ $x =~ ^[0-9]+$ ]]
(( x > 0 )); let "j = 2"
f() { local -a l=(1 "$x"); export e="x y"; readonly r="a b"; declare -r dd=3; local m; }
f
x=outer; g() { local -a x=("$x" b); }; g
e=2 f
PS4='+${LINENO}: '
echo lineno
PS4='>\$ '
echo "$(echo nested)"
PS4='+ '; unset PS4
echo none
PS4=
echo empty
PS4='+ '
trap 'echo at-exit' EXIT
