"""Platform profiles (data)."""
