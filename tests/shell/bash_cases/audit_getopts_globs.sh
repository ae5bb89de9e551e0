# more: getopts silent mode, brace expansion, globbing, printf -v, read options
parse() {
  local OPTIND opt
  while getopts ":ab:" opt; do
    case $opt in
      a) echo "flag a";;
      b) echo "b=$OPTARG";;
      :) echo "missing arg for -$OPTARG";;
      \?) echo "unknown -$OPTARG";;
    esac
  done
  shift $((OPTIND - 1)); echo "rest: $*"
}
parse -a -b val -x extra words
parse -b
echo {a..e..2} {01..05} {1..10..3} x{1,2}y {z..w}
mkdir -p /tmp/a5dir && cd /tmp/a5dir && touch f1.txt f2.txt g.log .hidden
echo *.txt; echo *.none; shopt -s nullglob; echo "[" *.none "]"; shopt -u nullglob
shopt -s dotglob; echo *; shopt -u dotglob
for f in /tmp/a5dir/*.txt; do echo "${f##*/}"; done
cd / && rm -rf /tmp/a5dir
printf -v arr_el '%05d' 42; echo "$arr_el"
declare -a pv; printf -v 'pv[2]' '%s' two; echo "${pv[2]} ${#pv[@]}"
read -n 3 three <<< "abcdef"; echo "$three"
read -r -a words <<< "  lots   of   space  "; echo "${#words[@]}:${words[1]}"
IFS=: read -r -a f <<< "a::b:"; echo "${#f[@]}"
echo $((16#ff)) $((2#1010)) $((8#17)) $(( 2 ** 10 )) $(( 0x10 | 0x01 )) $(( ~0 )) $(( 5 > 3 && 2 > 1 ))
[[ abc < abd ]] && echo "lt"; [[ -v words[1] ]] && echo "set"; [[ -v words[9] ]] || echo "unset9"
a=(0 1 2 3 4 5); echo "${a[@]:1:2} ${a[@]: -2} ${!a[@]}"
s=hello; echo "${s@Q} ${s:1:-1} ${s: -3:2}"
q="it's"; echo "${q@Q}"; printf '%q\n' "$q" 'a b' ''
glob() { local -g GL=global; }; glob; echo "$GL"
echo "BASH_LINENO: ${BASH_LINENO[*]}"
wfn() { echo "${FUNCNAME[0]} called from ${FUNCNAME[1]:-top}"; }; outer() { wfn; }; outer
sleep 0.1 & p1=$!; sleep 0.2 & p2=$!; wait -n; echo "first done: $?"; wait; echo "all done"
kill -0 $$ && echo "self alive"
( trap '' INT; kill -INT $BASHPID; echo "ignored INT" )
umask 022; umask; umask -S
x=$(ulimit -n); [[ $x -gt 0 ]] && echo "ulimit ok"
cnt=0; while read -r line; do (( cnt++ )); done < <(printf 'a\nb\nc'); echo "cnt=$cnt"
unset cnt; mapfile -t -s 1 -n 2 sub < <(seq 10); echo "${sub[*]}"
echo "${#sub[@]}"; sub+=("with space"); printf '<%s>' "${sub[@]}"; echo
printf '%s\n' "${sub[@]@Q}"
declare -p sub
