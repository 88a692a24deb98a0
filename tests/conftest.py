"""Test-session settings shared by every test module."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

# The start-up cache (sla_drafter/_cache.py) goes to a folder of this session's own, not
# the user's: set before any sla_drafter module is imported, and shared by the CLI
# subprocesses the tests start (the first one warms it for the rest).
if "SLA_DRAFTER_CACHE" not in os.environ:
    _folder = tempfile.mkdtemp(prefix="sla-drafter-test-cache-")
    os.environ["SLA_DRAFTER_CACHE"] = _folder
    atexit.register(shutil.rmtree, _folder, True)
