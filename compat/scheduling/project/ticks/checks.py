"""What every scheduling test checks once its processes have stopped."""

from datetime import timedelta
from itertools import pairwise

from background import Command
from dbtasks.models import ScheduledTask
from django.tasks import Task, TaskResult, TaskResultStatus

FINISHED = [TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]


def finished_ids(task: Task, count: int) -> list[str] | None:
    """The ids of the first ``count`` runs of ``task`` that finished, once
    there are that many (read from django-dbtasks' table, as its admin does)."""
    ids = list(
        ScheduledTask.objects.filter(task_path=task.module_path, status__in=FINISHED)
        .order_by("started_at")
        .values_list("id", flat=True)[:count]
    )
    return [str(pk) for pk in ids] if len(ids) == count else None


def rows(task: Task) -> str:
    """For a failure message: every run of ``task`` the database holds."""
    found = ScheduledTask.objects.filter(task_path=task.module_path).order_by("enqueued_at")
    lines = [
        f"  {t.id} {t.status} enqueued {t.enqueued_at:%H:%M:%S.%f} run_after {t.run_after}"
        for t in found
    ]
    return f"runs of {task.module_path} in the database:\n" + ("\n".join(lines) or "  none")


def check_runs(
    task: Task, ids: list[str], scheduler: str, worker: Command, worker_id: str
) -> list[TaskResult]:
    """Each run, read back with get_result(): it succeeded, in the worker
    process, with django.tasks aliased there; runs are a period apart."""
    results = [task.get_result(result_id) for result_id in ids]
    for result in results:
        assert result.status == TaskResultStatus.SUCCESSFUL, (result.id, result.errors)
        assert result.return_value == {"scheduler": scheduler, "pid": worker.pid, "alias": True}
        assert result.worker_ids == [worker_id]
        assert result.started_at is not None and result.finished_at is not None
    # When each run was due: the scheduler enqueues it then, or (dbtasks' own
    # periodic runs) enqueues it ahead with run_after set. Not started_at: a
    # worker that starts later than the scheduler picks up the first two runs
    # back to back, which says nothing about the schedule.
    due = [result.task.run_after or result.enqueued_at for result in results]
    for result, due_at in zip(results, due, strict=True):
        assert result.started_at is not None and due_at is not None
        assert result.started_at >= due_at, (result.id, due_at, result.started_at)
    for earlier, later in pairwise(sorted(due)):
        assert earlier is not None and later is not None
        # Every two seconds, not a burst.
        assert later - earlier >= timedelta(seconds=1.5), due
    return results
