"""Backends the suite names in settings and in its own tests."""

from django.http import JsonResponse
from django_tasks_redis.backends import RedisTaskBackend

TASK_ENDPOINT_TOKEN = "test-endpoint-token"


class TokenAuthRedisTaskBackend(RedisTaskBackend):
    """Opens the HTTP endpoints to requests carrying X-Task-Token."""

    def get_auth_handlers(self, endpoint=None):
        def check_token(request):
            if request.headers.get("X-Task-Token") == TASK_ENDPOINT_TOKEN:
                return None
            return JsonResponse({"error": "Forbidden"}, status=403)

        return [check_token]


class UnbuildableRedisTaskBackend(RedisTaskBackend):
    """A backend whose construction fails, as a misconfigured one does."""

    def __init__(self, alias, params):
        raise RuntimeError("REDIS_URL is missing")
