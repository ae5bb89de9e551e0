# bytes >= 128 from \x and octal escapes stay bytes (the C locale)
printf '\xc3\xa9\xff\n' | cat -A
echo -e '\xff\0101' | cat -v
x=$'\xfe\xc3\xa9'; echo "$x" | cat -v; echo "${#x}"
echo "$x" > f; cat -v f; printf '%s\n' "$x" | cat -v
printf '%q\n' "$x"
echo "$x" | wc -c; grep -c . f; echo "$x" | tr -d '\376' | cat -v
