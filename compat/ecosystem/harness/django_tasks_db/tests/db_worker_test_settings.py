"""Settings of the worker processes the suite starts: they must use the test
database the test runner created, not the development one."""

from tests.settings import *  # noqa: F403
from tests.settings import DATABASES

for database in DATABASES.values():
    if "sqlite" in database["ENGINE"]:
        database["NAME"] = database["TEST"]["NAME"]
    else:
        database["NAME"] = f"test_{database['NAME']}"
