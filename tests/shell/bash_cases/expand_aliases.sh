# bash expands aliases in a script only with expand_aliases, from the line after
# the one that defines them, not in a function read before, not when quoted
f() { hi; }
shopt -s expand_aliases
alias hi='echo hello' e='echo ' w=world l='echo one;' chain='hi there'
hi; alias same='echo same'; same
same
e w
l echo two
chain
"hi"; \hi
echo $(hi) "$(same)"
f
x=1 hi
( hi ); { hi; }; for i in 1; do hi; done
shopt -u expand_aliases
hi
shopt -s expand_aliases
unalias hi
hi
echo end $?
