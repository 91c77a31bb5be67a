"""Accounts: borrowers and counselors (a small Profile beside Django's user), registration, login throttling."""
