# ${x?} of an unset x says "parameter not set", ${x:?} "parameter null or not set"
# (subst.c parameter_brace_expand_error); a word replaces both; each ends its subshell
unset z
(echo ${z?}) 2>&1; echo "st $?"
(echo ${z:?}) 2>&1; echo "st $?"
(echo ${z?custom words}) 2>&1
z=; echo "[${z?}]"; (echo ${z:?}) 2>&1
set --; (echo ${1?}) 2>&1
