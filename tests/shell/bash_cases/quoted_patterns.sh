v=alpha
echo "${v#'a'}" "${v#"a"}" "${v#\a}" "${v/'l'/X}" "${v/l/'Y'}" "${v:-'z'}"
