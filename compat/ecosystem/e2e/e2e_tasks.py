"""Tasks of an application written for django-tasks <= 0.12: only django_tasks names."""

from django_tasks import TaskContext, task


@task()
def add(x: int, y: int) -> int:
    return x + y


@task()
def fail(message: str) -> None:
    raise ValueError(message)


@task(takes_context=True)
def whoami(context: TaskContext, label: str) -> dict[str, object]:
    return {"id": context.task_result.id, "attempt": context.attempt, "label": label}
