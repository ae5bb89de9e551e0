# parser corners
arr=(
  one   # first
  "two three"
  four \
  five
)
echo "${#arr[@]}: ${arr[*]}"
function old_style {
  echo "old style $1"
}
old_style x
outer() { inner() { echo "inner defined"; }; inner; }; outer; inner
for ((i=0, j=10; i<3; i++, j-=2)); do printf '%d,%d ' $i $j; done; echo
[[ ( -n a && -z "" ) || -e /nonexistent ]] && echo "cond ok"
while read -r l || [[ -n $l ]]; do echo "got:$l"; done < <(printf 'a\nlast')
v=world; cat <<< "hello $v"
out=$(cat <<EOF2
inside $v
EOF2
); echo "$out"
if echo abc | grep -q b; then echo "pipe in if"; fi
{ echo to-null; echo err >&2; } 2>/dev/null
diff <(printf 'a\nb\n') <(printf 'a\nc\n'); echo "diff=$?"
case "x.tar.gz" in
  *.tar.gz|*.tgz) echo tarball ;;
  *) echo other ;;
esac
x=1; (( x )) && echo one || echo zero
echo "a\tb" 'c\td' $'e\tf'
echo -e "g\th" ; echo -n "no newline"; echo
printf '%s\n' "multi
line"
: <<'COMMENT'
ignored $(not run)
COMMENT
echo "after comment block"
echo $(( $(printf '%d' 5) * 2 ))
echo "${arr[@]:1}" | wc -w
e=$'a\nb'; while IFS= read -r x; do echo "[$x]"; done <<< "$e"
set -- "a b" c; for a; do echo "arg:$a"; done
readonly -a RA=(1 2); echo "${RA[1]}"
