# ${v/#/REP} and ${v/%/REP}: a null pattern anchored at the start or the end
# prefixes or appends the replacement (subst.c pat_subst's special cases), for each
# element of an array or positional parameter; unanchored, nothing changes
x=abc; echo "${x/#/P}" "${x/%/S}" "${x//}" "${x/}" "${x/#/}"
a=(1 2 "3 4"); printf '<%s>' "${a[@]/#/--opt=}"; echo
set -- p q; echo "${@/#/-}" "${*/%/!}"
y=; echo "[${y/#/P}][${y/%/S}]"
