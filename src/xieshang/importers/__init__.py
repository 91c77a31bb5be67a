"""Pure, streaming parsers: a file in, typed evidence records out. No Django, no database."""
