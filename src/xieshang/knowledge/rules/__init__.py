"""Legal rules as data, one TOML file per subject (loaded by `xieshang.knowledge.rules`)."""
