"""Publishing a Wagtail page enqueues Wagtail's tasks through django_tasks."""

import unittest

import django
import recording_cache
from django.test import TestCase, override_settings
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.models import Page
from wagtail.tasks import update_reference_index_task

import django_tasks
from django_tasks import TaskResultStatus, task_backends
from django_tasks.signals import task_finished

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


class PublishTests(TestCase):
    def publish_page(self) -> Page:
        home = Page.objects.get(depth=2)
        page = home.add_child(instance=Page(title="News", slug="news", live=False))
        page.save_revision().publish()
        return page

    def test_wagtails_tasks_are_django_tasks_tasks(self) -> None:
        for wagtail_task in (update_reference_index_task, purge_urls_from_cache_task):
            with self.subTest(wagtail_task.name):
                self.assertIsInstance(wagtail_task, django_tasks.Task)

    @override_settings(TASKS=DUMMY)
    def test_publishing_enqueues_wagtails_tasks(self) -> None:
        backend = task_backends["default"]
        backend.clear()

        page = self.publish_page()

        enqueued = {result.task.module_path: result for result in backend.results}
        self.assertIn("wagtail.tasks.update_reference_index_task", enqueued)
        purge = enqueued["wagtail.contrib.frontend_cache.tasks.purge_urls_from_cache_task"]
        self.assertEqual(purge.args[0], ["http://localhost/news/"])
        self.assertEqual(purge.status, TaskResultStatus.READY)
        self.assertTrue(
            any(
                result.args == ["wagtailcore", "page", str(page.pk)]
                for result in backend.results
                if result.task == update_reference_index_task
            )
        )

    @override_settings(TASKS=IMMEDIATE)
    def test_publishing_runs_wagtails_tasks(self) -> None:
        recording_cache.purged.clear()
        finished = []

        def on_finished(
            sender: type, task_result: django_tasks.TaskResult, **kwargs: object
        ) -> None:
            finished.append((task_result.task.module_path, task_result.status))

        task_finished.connect(on_finished)
        self.addCleanup(task_finished.disconnect, on_finished)

        self.publish_page()

        self.assertEqual(recording_cache.purged, ["http://localhost/news/"])
        self.assertIn(
            ("wagtail.tasks.update_reference_index_task", TaskResultStatus.SUCCESSFUL), finished
        )
        self.assertIn(
            (
                "wagtail.contrib.frontend_cache.tasks.purge_urls_from_cache_task",
                TaskResultStatus.SUCCESSFUL,
            ),
            finished,
        )

    @unittest.skipIf(django.VERSION < (6, 0), "django.tasks is built in from Django 6.0")
    @override_settings(TASKS=DUMMY)
    def test_tasks_land_in_django_registry_on_django_6(self) -> None:
        from django.tasks import Task
        from django.tasks import task_backends as django_task_backends
        from django.tasks.backends.dummy import DummyBackend

        self.assertIs(task_backends, django_task_backends)
        self.assertIsInstance(update_reference_index_task, Task)
        backend = django_task_backends["default"]
        self.assertIs(type(backend), DummyBackend)
        backend.clear()

        self.publish_page()

        self.assertIn(
            "wagtail.tasks.update_reference_index_task",
            [result.task.module_path for result in backend.results],
        )

    @unittest.skipIf(django.VERSION >= (6, 0), "django.tasks is built in from Django 6.0")
    def test_tasks_are_the_backports_below_django_6(self) -> None:
        from django_tasks._backport.base import Task

        self.assertIs(django_tasks.Task, Task)
        self.assertIsInstance(update_reference_index_task, Task)
