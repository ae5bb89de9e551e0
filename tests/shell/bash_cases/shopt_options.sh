# shopt (builtins/shopt.def): the listing, -p/-q/-s/-u/-o, errors, read-only options,
# BASHOPTS; nocasematch, patsub_replacement, xpg_echo, shift_verbose
shopt | head -5
shopt -p | tail -3
shopt -s; echo ==; shopt -u | tail -2
echo $BASHOPTS
shopt -x; echo $?
shopt -s -u extglob; echo $?
shopt -s extglob nosuch nullglob; echo $?; shopt -p extglob nullglob
shopt -q extglob nosuch; echo $?
shopt -- -s; echo $?
shopt -s login_shell; echo $?; shopt login_shell
shopt -u checkwinsize; echo $BASHOPTS; shopt -s checkwinsize
shopt -o | head -3; shopt -po errexit pipefail; echo $?
shopt -so pipefail; echo $?; set -o | grep pipefail; shopt -uo pipefail
shopt -o nosuch; echo $?; shopt -qo errexit; echo $?; shopt -so
shopt -u extglob nullglob
x=abc; y="<&>"
echo ${x/b/$y} ${x/b/"$y"} "${x/b/$y}" ${x//[ac]/(&)} ${x/b/\&} ${x/b/"&"} ${x/b/'&'} ${x/b/&&}
echo "${x/b/\&}" "${x/b/\\&}" ${x/#a/&&} ${x/%c/[&]}
z=; echo ${z/#/&x}
shopt -u patsub_replacement; echo ${x/b/<&>}; shopt -s patsub_replacement
x=aBc
shopt -s nocasematch
echo ${x/b/X} ${x#A} ${x,,[B]}
case A in a) echo folded;; esac
[[ ABC == a* ]] && echo glob; [[ "ABC" == "abc" ]] && echo quoted
[[ Foo =~ ^f(O+)$ ]] && echo ${BASH_REMATCH[1]}
shopt -s extglob; [[ ABC == !(abc) ]] || echo negated
shopt -u nocasematch extglob
case A in a) echo folded;; *) echo exact;; esac
shopt -s xpg_echo; echo 'a\tb'; echo -E 'a\tb'; shopt -u xpg_echo
set -- a
shift -1; echo $?
shift 5; echo $?
shopt -s shift_verbose; shift 2; echo $?; shift; echo $?; shift; echo $?
