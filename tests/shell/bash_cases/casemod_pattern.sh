# ${v^^PAT} ${v^PAT} ${v,,PAT} ${v,PAT} convert only the characters PAT matches
# (the first only for ^ and ,); ${v~~} and ${v~} toggle case (subst.c
# parameter_brace_casemod, sh_modcase); a pattern inside "..." is still a pattern
x="hello world"; echo "${x^^[lo]}" "${x^[h]}" "${x^[e]}" "${x,,[L]}" "${x~~}" "${x~}" "${x~~[o]}"
Y="ABC"; echo "${Y,,[A-B]}" "${Y,}" ${Y,,}
a=(ab cd); echo "${a[@]^^[ac]}" "${a[@]~}"
p="[ab]"; x=abc; echo "${x^^$p}" "${x^^"$p"}" ${x^^"[ab]"}
z="a[b"; echo "${z^^\[}" "${z^^[}"
