"""A settings module that cannot be imported."""

import this_module_does_not_exist  # type: ignore[import-not-found]  # noqa: F401

from cli_settings.base import *  # noqa: F403
