import contextlib
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xieshang.web.settings")
application = get_wsgi_application()


def _retire_demo() -> None:
    """Under any WSGI server in production: no demo account stays usable (see workbench.demo)."""
    from django.db import DatabaseError

    from xieshang.web.runtime import retire_demo_in_production

    # not migrated yet: there is no account to retire (and the login backend refuses the demo password)
    with contextlib.suppress(DatabaseError):
        retire_demo_in_production()


_retire_demo()
