"""The command line: parse → call a service or a core function → render (Rich tables or JSON)."""
