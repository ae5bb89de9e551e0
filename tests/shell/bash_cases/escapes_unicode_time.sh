# \u and \U escapes in the C locale (ASCII code points are characters, others stay
# written out), $'\cX' control characters, printf's %(FORMAT)T of fixed times
x=$'\x41\u00e9\u41\U0001F600\cA\c?\c[\u'; printf '%s' "$x" | od -c
echo -e "a\u00e9\u42\U1F600z" | od -c
printf "b\u00e9\u43\n" | od -c
printf "%b\n" "c\u00e9\u44\U7e" | od -c
printf '%(%Y-%m-%d %H:%M:%S)T|%20(%Y)T|%-6(%H)T|%.2(%A)T|\n' 0 86400 3600 200000
printf '%()T\n' 3600
printf '<%(%j)T>' 0 86400 172800; echo
