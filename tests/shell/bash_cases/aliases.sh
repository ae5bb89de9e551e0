alias ll="ls -l" g=grep
alias ll; alias
unalias g; alias g; echo rc=$?
ll /nonexistent 2>/dev/null; echo "ll rc=$?"
