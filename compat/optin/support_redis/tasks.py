"""The tasks the suite enqueues, defined through Django 6's import path."""

import os
import signal
import time

from django.tasks import task

# Written by record_sigterm_handler_task, read by the command tests.
recorded_sigterm_handler = None


@task
def simple_task(x, y):
    return x + y


@task
def failing_task():
    raise ValueError("This task always fails")


@task
def slow_task(seconds=1):
    time.sleep(seconds)
    return f"Slept for {seconds} seconds"


@task(priority=10)
def high_priority_task():
    return "high priority"


@task(priority=-10)
def low_priority_task():
    return "low priority"


@task(queue_name="emails")
def email_task(to, subject, body):
    return {"to": to, "subject": subject, "body": body}


@task(takes_context=True)
def context_task(context, message):
    return {
        "message": message,
        "attempt": context.attempt,
        "task_id": context.task_result.id,
    }


@task
def shutdown_signal_task(signal_name="SIGTERM"):
    os.kill(os.getpid(), getattr(signal, signal_name))
    return f"sent {signal_name}"


@task
def record_sigterm_handler_task():
    global recorded_sigterm_handler
    recorded_sigterm_handler = signal.getsignal(signal.SIGTERM)
    return "recorded"


@task
def shutdown_aware_task(iterations=10):
    from django_tasks_redis import is_shutdown_requested

    done = 0
    for step in range(iterations):
        if step == 1:
            os.kill(os.getpid(), signal.SIGTERM)
        if is_shutdown_requested():
            break
        done += 1
    return done
