"""Fixtures the suite's modules use without defining them."""

import pytest
import redis
from django.conf import settings
from django.tasks import task_backends
from django.test import Client
from tests.backends import TASK_ENDPOINT_TOKEN


@pytest.fixture(scope="session")
def redis_connection():
    client = redis.Redis.from_url(settings.REDIS_OPTIONS["REDIS_URL"], decode_responses=True)
    yield client
    client.close()


@pytest.fixture
def redis_backend():
    backend = task_backends["default"]
    backend._client = None  # a fresh connection for each test
    return backend


@pytest.fixture
def redis_client(redis_backend):
    return redis_backend.get_client()


@pytest.fixture
def clean_redis(redis_connection, redis_backend):
    def wipe():
        keys = redis_connection.keys(f"{redis_backend.key_prefix}:*")
        if keys:
            redis_connection.delete(*keys)

    wipe()
    yield
    wipe()


@pytest.fixture
def auth_client():
    return Client(headers={"X-Task-Token": TASK_ENDPOINT_TOKEN})
