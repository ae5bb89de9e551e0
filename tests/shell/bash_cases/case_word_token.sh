# an operator where case wants its word or `in`: bash names the operator
echo start
case a|b in a) echo y;; esac
echo never
