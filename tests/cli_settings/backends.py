"""Backends whose system check reports something, for ``info``."""

from typing import Any

from django.core import checks

from django_tasks.backends.immediate import ImmediateBackend


class ErrorCheckBackend(ImmediateBackend):
    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        return [
            checks.Error(
                "The picky backend needs OPTIONS['url'].", hint="Set it.", id="cli_settings.E001"
            )
        ]


class WarningCheckBackend(ImmediateBackend):
    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        return [checks.Warning("This backend is only a test.", id="cli_settings.W001")]
