"""Settings for the test suite: a throw-away XIESHANG_HOME and a fast password hasher."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

# Jobs run inside the request in most tests (the tests of workers start real `xieshang worker` processes).
os.environ.setdefault("XIESHANG_JOBS", "immediate")
if "XIESHANG_HOME" not in os.environ:  # made here, so removed here when the test process ends
    os.environ["XIESHANG_HOME"] = tempfile.mkdtemp(prefix="xieshang-test-")
    atexit.register(shutil.rmtree, os.environ["XIESHANG_HOME"], ignore_errors=True)

from xieshang.web.settings import *  # noqa: F403
from xieshang.web.settings import PASSWORD_HASHERS

# Argon2 stays available (tests check it is the default for real users); MD5 first keeps tests fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
