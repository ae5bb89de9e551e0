# set's letters: busybox's optletters (E is errtrace, last in $-), dash's (E is
# emacs: not here); a letter neither takes ends the shell; traps that are no
# signal: busybox's ERR only (RETURN, DEBUG: invalid signal specification, status
# 1, the shell goes on), dash's none (bad trap)
set -eu; echo "[$-]"
set +eu
(set -T; echo never); echo "after -T $?"
(set -h; echo never); echo "after -h $?"
trap 'echo ret' RETURN; echo "RETURN $?"
trap 'echo dbg' DEBUG; echo "DEBUG $?"
f() { :; }; f
echo end
