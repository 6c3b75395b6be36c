"""End to end: enqueue through django_tasks, execute in the backend's real
worker process, read the result back through get_result().

Run by ``compat/ecosystem/run.py e2e --backend db|rq``, which starts Redis
and sets E2E_BACKEND.
"""

import os
import subprocess
import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "e2e_settings")

import django  # noqa: E402

django.setup()

import e2e_tasks  # noqa: E402
from django.core.management import call_command  # noqa: E402

import django_tasks  # noqa: E402
from django_tasks import TaskResultStatus, default_task_backend, task_backends  # noqa: E402

BACKEND = os.environ["E2E_BACKEND"]


def setUpModule() -> None:
    if BACKEND == "db":
        call_command("migrate", verbosity=0)


class WorkerProcessTests(unittest.TestCase):
    def run_worker(self) -> str:
        """Run the backend's worker in a process of its own until the queue is empty."""
        if BACKEND == "db":
            command = ["db_worker", "--batch", "--no-startup-delay", "--interval", "0", "-v", "3"]
        else:
            command = ["rqworker", "--burst", "--job-class", "django_tasks_rq.backend.Job"]
            command += ["default"]
        process = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=HERE,
            capture_output=True,
            text=True,
            timeout=120,
        )
        output = process.stdout + process.stderr
        self.assertEqual(process.returncode, 0, output)
        return output

    def test_backend(self) -> None:
        expected = {"db": "DatabaseBackend", "rq": "RQBackend"}[BACKEND]
        self.assertEqual(type(task_backends["default"]).__name__, expected)

    def test_result_read_back(self) -> None:
        result = e2e_tasks.add.enqueue(2, 3)
        self.assertIsInstance(result, django_tasks.TaskResult)
        self.assertEqual(result.status, TaskResultStatus.READY)

        self.run_worker()

        fetched = e2e_tasks.add.get_result(result.id)
        self.assertEqual(fetched.status, TaskResultStatus.SUCCESSFUL)
        self.assertEqual(fetched.return_value, 5)
        self.assertEqual(fetched.args, [2, 3])
        self.assertEqual(fetched.attempts, 1)
        self.assertIsNotNone(fetched.finished_at)
        self.assertEqual(fetched.task.module_path, "e2e_tasks.add")

        result.refresh()
        self.assertEqual(result.status, TaskResultStatus.SUCCESSFUL)
        self.assertEqual(result.return_value, 5)

    def test_failure_read_back(self) -> None:
        result = e2e_tasks.fail.enqueue("boom")

        self.run_worker()

        fetched = default_task_backend.get_result(result.id)
        self.assertEqual(fetched.status, TaskResultStatus.FAILED)
        self.assertEqual(len(fetched.errors), 1)
        self.assertIs(fetched.errors[0].exception_class, ValueError)
        self.assertTrue(fetched.errors[0].traceback.endswith("ValueError: boom\n"))
        with self.assertRaisesRegex(ValueError, "Task failed"):
            fetched.return_value  # noqa: B018

    def test_context_read_back(self) -> None:
        result = e2e_tasks.whoami.enqueue("ctx")

        self.run_worker()

        fetched = e2e_tasks.whoami.get_result(result.id)
        self.assertEqual(fetched.status, TaskResultStatus.SUCCESSFUL)
        self.assertEqual(fetched.return_value["id"], result.id)
        self.assertEqual(fetched.return_value["label"], "ctx")
        self.assertEqual(fetched.return_value["attempt"], 1)

    @unittest.skipUnless(BACKEND == "db", "db_worker's -v sets up the 'django_tasks' logger")
    def test_worker_logs_each_task_record_once(self) -> None:
        # db_worker -v3 puts a handler on the older backport's "django_tasks"
        # logger; the records come from "django.tasks" and reach it once.
        result = e2e_tasks.add.enqueue(1, 1)

        output = self.run_worker()

        self.assertEqual(output.count(f"Task id={result.id} path=e2e_tasks.add state=RUNNING"), 1)
        self.assertEqual(
            output.count(f"Task id={result.id} path=e2e_tasks.add state=SUCCESSFUL"), 1
        )


if __name__ == "__main__":
    unittest.main()
