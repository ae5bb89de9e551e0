# printf.def refuses a conversion it does not know ("`$': invalid format character":
# %1$s, no positional arguments) or a format ending inside one ("`%5': missing
# format character"): status 1, what was formatted before it output (whole lines
# first: stdout is line-buffered) or assigned to -v's NAME; the ' flag is taken
for f in 'a%' "%'d" '%5' 'x%-1.2l' 'x%*y' 'a%1$s' '%ly' '%!' '%%5d' 'a\n%\n' '%s-%s' '%(%Y)Tz%q'; do
  printf "$f|" 1234 5; echo " rc=$?"
  printf -v v "$f" 1234; echo "v=$v rc=$?"
done
printf '%s %1$s\n' a b c; echo "rc=$?"
printf '%s\n' a b '%z'; printf "%s\n%z" a b; echo "rc=$?"
