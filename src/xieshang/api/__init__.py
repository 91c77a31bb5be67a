"""The JSON API (django-ninja, OpenAPI at /api/docs): the same services and engines as the pages."""
