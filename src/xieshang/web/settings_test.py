"""Settings for the test suite: a throw-away XIESHANG_HOME and a fast password hasher."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("XIESHANG_HOME", tempfile.mkdtemp(prefix="xieshang-test-"))

from xieshang.web.settings import *  # noqa: F403
from xieshang.web.settings import PASSWORD_HASHERS

# Argon2 stays available (tests check it is the default for real users); MD5 first keeps tests fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
