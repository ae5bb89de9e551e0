# a script's bash is no login shell; the completion builtins are builtins still
logout; echo rc $?
logout 3; echo rc $?
type compgen compopt bind help logout
