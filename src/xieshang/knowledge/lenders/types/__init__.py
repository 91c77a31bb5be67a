"""Lender-type profiles (data)."""
