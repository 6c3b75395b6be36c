"""A frontend-cache backend that records what Wagtail's purge task asked for."""

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

purged: list[str] = []


class RecordingBackend(BaseBackend):
    def purge(self, url: str) -> None:
        purged.append(url)
