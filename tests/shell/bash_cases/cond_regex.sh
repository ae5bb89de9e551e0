# [[ X =~ RE ]]: the word after =~ read with | and (...) in it (parse.y PST_REGEXP),
# quoted characters special in an ERE escaped (quote_string_for_globbing), glibc's
# regcomp (a bad RE: status 2), the leftmost-longest match in BASH_REMATCH
[[ ab =~ ^(a|b)+$ ]]; echo $? ${BASH_REMATCH[@]}
[[ x =~ a|x ]]; echo $?
re='^[0-9]+$'; [[ 12 =~ $re ]]; echo $?
[[ abc =~ b(c) ]]; echo $? ${BASH_REMATCH[0]} ${BASH_REMATCH[1]}
[[ "a b" =~ a\ b ]]; echo $?
[[ ab =~ (a)(x)? ]]; echo $? "${BASH_REMATCH[@]}" ${#BASH_REMATCH[@]}
[[ aaa =~ a{2} ]]; echo $? $BASH_REMATCH
[[ a =~ a{,2} ]]; echo $? $BASH_REMATCH
[[ a.b =~ a\.b ]]; echo $?
[[ axb =~ "a.b" ]]; echo $?
[[ ab =~ (a|ab)(c|bcd)?(d*) ]]; echo $? "${BASH_REMATCH[@]}"
[[ xyabcabcz =~ (abc|ab)+ ]]; echo "${BASH_REMATCH[@]}"
[[ aaa =~ a*? ]]; echo $? $BASH_REMATCH
[[ ab =~ ( a ) ]]; echo $?
[[ a =~ () ]]; echo $?
[[ 'a\' =~ [\d] ]]; echo $?
[[ a =~ * ]]; echo $?
[[ a =~ a** ]]; echo $?
[[ a =~ (*a) ]]; echo $?
[[ a =~ a|* ]]; echo $?
[[ a =~ a{1 ]]; echo $?
[[ a =~ * ]] || echo or $?
! [[ a =~ * ]]; echo not $?
[[ a =~ * && b ]]; echo and $?
[[ $'a\nb' =~ a.b ]]; echo $?
[[ x{1..2} == x{1..2} ]]; echo $?
[[ {a,b} = "{a,b}" ]]; echo $?
