import os
import sys


def report(scheduler: str) -> dict[str, object]:
    """What each scheduled task returns, for the test to check: who scheduled
    it, which process ran it, and whether django.tasks was this package there."""
    return {
        "scheduler": scheduler,
        "pid": os.getpid(),
        "alias": sys.modules.get("django.tasks") is sys.modules["django_tasks"],
    }
