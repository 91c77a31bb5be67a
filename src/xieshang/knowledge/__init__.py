"""Data files and their loaders: LPR table, lender profiles, rules with sources and confidence marks."""
