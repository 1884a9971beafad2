"""Rules step: the check kinds. `registry` is the table of every kind and built-in check; `context` is what a
check sees and returns; `basic` holds the declarative kinds, the other modules one built-in family each."""
