# bash printf: a format's octal escapes take up to three digits after the backslash,
# %b's up to three after \0; a format's \" \' \? are the character; echo -e's \NNN
printf '\0101|\1x|\018|\"\?\'"'"'|%b|\n' '\0101\1x\018\"' | od -An -c
echo -e '\1\0101\08|\x41' | od -An -c
