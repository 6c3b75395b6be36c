"""The command the upstream suite runs (``python -m manage test``) and starts
its worker processes with (``python -m manage db_worker``)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
