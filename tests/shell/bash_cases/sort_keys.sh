# coreutils sort -k: the key parse's first error (parse_field_count, badfieldspec),
# status 2 and no usage hint; blanks before a number taken
for k in 0 1.0 a 1.a 1,a 1,0 1,1.a 1x 1,2x 1b,2n 2,1 1.1,1.0 '' ' 1' 1,; do printf '%s: ' "$k"; sort -k "$k" /dev/null 2>&1; echo "rc=$?"; done
printf 'b 2\na 10\n' | sort -k ' 2n'
