# printf's integers: strtoimax in base 0, the value read so far after an error,
# sh_invalidnum's words (octal, hex, plain)
for a in ' ' '5 ' ' 5' 0x 08 0x1g 12abc -0x10 +7 0X1F 1e3 '' - 0 00 019 0x7fffffffffffffff \
         9999999999999999999999 -9999999999999999999999; do
  printf '%d|%u|%x|' "$a" "$a" "$a"
  echo " $?"
done
printf '%i %o\n' 0x 09
