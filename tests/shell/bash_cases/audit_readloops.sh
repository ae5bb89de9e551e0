# read loops over files, string ops, here-doc variants, traps on signals, wait
tmp=$(mktemp -d /tmp/audit_a3.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
seq 1 10 > "$tmp/nums"
sum=0; while read -r n; do sum=$((sum + n)); done < "$tmp/nums"; echo "sum=$sum"
total=0; cat "$tmp/nums" | while read n; do total=$((total+n)); done; echo "total after pipe=$total"
while read -r a b; do echo "a=$a b=$b"; done <<'EOF2'
x y z
 lead  space
last
EOF2
cat <<-EOF2
	tab stripped $((1+1))
	  inner
	EOF2
cat <<"EOF2"
no $expansion here
EOF2
name=file.tar.gz
echo "${name%.*} ${name%%.*} ${name#*.} ${name##*.}"
path=/a/b/c/d.txt; echo "${path##*/} ${path%/*} $(basename $path .txt) $(dirname $path)"
s="  trim me  "; t="${s#"${s%%[! ]*}"}"; t="${t%"${t##*[! ]}"}"; echo "[$t]"
up=abc; echo "${up^} ${up@U} ${up@Q}"
list="a b c"; set -- $list; echo "$# $2"
IFS=: ; p="x:y:z"; set -- $p; echo "$#"; unset IFS
trap 'echo got USR1' USR1
kill -USR1 $$
echo "after kill"
sleep 1 & pid=$!
wait $pid; echo "wait=$?"
( exit 7 ) & wait $!; echo "bg exit=$?"
{ echo grouped; echo out; } | wc -l
printf '%s\n' c a b | sort | head -2 | tr '\n' ' '; echo
x=5; [ "$x" -gt 3 ] && [ "$x" -lt 10 ] && echo "in range"
[[ "abc" =~ ^a(b)c$ ]] && echo "match ${BASH_REMATCH[1]}"
[[ "file.txt" == *.txt ]] && echo "glob ok"
echo "${#BASH_SOURCE[@]} $FUNCNAME"
fn() { echo "$FUNCNAME ${FUNCNAME[*]} $#"; }; fn 1 2
type fn | head -1
declare -F fn
command -v ls
echo done
