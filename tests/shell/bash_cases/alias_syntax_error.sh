# an alias replaces a reserved word (outside posix mode); the error names the line as read
shopt -s expand_aliases
alias if='echo IF'
echo before
if true; then echo x; fi
echo never
