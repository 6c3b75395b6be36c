"""Harness (ours): run django-tasks-rq's suite against a real Redis server.

The upstream tests patch django-rq's connection factory with fakeredis's
in-memory clients. This module shadows fakeredis in the harness directory so
that the very same, unedited tests get clients of the real server the runner
started (``flushall()`` in their setUp only touches that private server).
"""

from redis import Redis as FakeRedis
from redis import StrictRedis as FakeStrictRedis

__all__ = ["FakeRedis", "FakeStrictRedis"]
