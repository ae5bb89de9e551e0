# PIPESTATUS after a ( LIST ): its own status, whatever pipelines ran inside it;
# other compound commands leave their last inner pipeline's
( exit 3 ); echo "${PIPESTATUS[@]} $?"
( true | (exit 4) ); echo "${PIPESTATUS[@]} $?"
( (exit 2) | true ); echo "${PIPESTATUS[@]}"
{ (exit 2) | true; }; echo "${PIPESTATUS[@]}"
if true; then (exit 2) | true; fi; echo "${PIPESTATUS[@]}"
( exit 5 ) | ( exit 6 ); echo "${PIPESTATUS[@]}"
