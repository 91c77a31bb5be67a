"""The evidence vault: content-addressed originals, a hash-chained ledger, records and Chinese search."""
