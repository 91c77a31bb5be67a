"""Cases, debts, payments — and later contacts, offers, agreements: the eight steps of a case."""
