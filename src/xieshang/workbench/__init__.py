"""The workbench: the dashboard (home page), the guided steps of a case, and the demo data."""
