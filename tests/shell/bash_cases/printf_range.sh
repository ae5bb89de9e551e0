# printf's integer arguments as strtoimax/strtoumax read them: out of range is a
# warning and the clamped value, a trailing non-digit an error and the digits before
printf '%u %x %o\n' -1 -1 -1
printf '%d\n' 0x7fffffffffffffffff
printf '%x\n' 99999999999999999999
printf '%d\n' -99999999999999999999
printf '%u\n' 99999999999999999999
printf '%i|%d\n' 12abc 9223372036854775808; echo "rc=$?"
printf '%d|%X\n' 9223372036854775807 -18446744073709551615; echo "rc=$?"
printf '%5.2s|%c|%d\n' hello hello "'A"
