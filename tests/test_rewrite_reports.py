"""What rewrite-imports cannot carry over is listed, line by line, in both directions."""

from test_rewrite_imports import RewriteChecks


class ToBuiltinLoggerTests(RewriteChecks):
    to = "django.tasks"

    def test_logger_names_are_reported(self) -> None:
        self.check_noop(
            """
            import logging
            logger = logging.getLogger("django_tasks")
            child = logging.getLogger(name="django_tasks.worker")
            with self.assertLogs("django_tasks", "DEBUG"):
                pass
            with self.assertNoLogs(logger="django_tasks"):
                pass
            LOGGING = {
                "loggers": {
                    "django_tasks": {"level": "DEBUG"},
                },
            }
            """,
            reports=[
                (2, 'name "django.tasks" instead'),
                (3, 'name "django.tasks.worker" instead'),
                (4, 'logger "django_tasks"'),
                (6, 'logger "django_tasks"'),
                (10, 'logger "django_tasks"'),
            ],
        )

    def test_other_loggers_are_not_reported(self) -> None:
        self.check_noop(
            """
            import logging
            logging.getLogger("django_tasks_rq")
            logging.getLogger(__name__)
            logging.getLogger("django.tasks")
            """
        )


class ToPackageLoggerTests(RewriteChecks):
    to = "django_tasks"

    def test_django_tasks_logger_is_kept_and_not_reported(self) -> None:
        # django_tasks logs to "django.tasks" as Django does.
        self.check_noop('import logging\nlogging.getLogger("django.tasks")\n')


class ImportFallbackTests(RewriteChecks):
    def test_try_between_both_becomes_two_identical_branches(self) -> None:
        for to, before, after in (
            (
                "django.tasks",
                "try:\n    from django.tasks import task\n"
                "except ImportError:\n    from django_tasks import task\n",
                "try:\n    from django.tasks import task\n"
                "except ImportError:\n    from django.tasks import task\n",
            ),
            (
                "django_tasks",
                "try:\n    from django.tasks import task\n"
                "except ImportError:\n    from django_tasks import task\n",
                "try:\n    from django_tasks import task\n"
                "except ImportError:\n    from django_tasks import task\n",
            ),
        ):
            with self.subTest(to=to):
                self.to = to
                self.check_transformed(before, after, reports=[(1, "every branch imports " + to)])

    def test_try_with_a_fallback_value(self) -> None:
        self.to = "django.tasks"
        self.check_transformed(
            """
            try:
                from django_tasks import task
            except (ModuleNotFoundError, AttributeError):
                task = None
            """,
            """
            try:
                from django.tasks import task
            except (ModuleNotFoundError, AttributeError):
                task = None
            """,
            reports=[(1, "its other branch is dead code")],
        )

    def test_try_without_task_imports_is_not_reported(self) -> None:
        self.to = "django.tasks"
        self.check_noop("try:\n    import redis\nexcept ImportError:\n    redis = None\n")

    def test_version_switch(self) -> None:
        self.to = "django_tasks"
        self.check_transformed(
            """
            import django
            if django.VERSION >= (6, 0):
                from django.tasks import task
            else:
                from django_tasks import task
            """,
            """
            import django
            if django.VERSION >= (6, 0):
                from django_tasks import task
            else:
                from django_tasks import task
            """,
            reports=[(2, "Django version switch chooses between")],
        )

    def test_other_ifs_are_not_reported(self) -> None:
        self.to = "django_tasks"
        self.check_transformed(
            "if DEBUG:\n    from django.tasks import task\n",
            "if DEBUG:\n    from django_tasks import task\n",
        )


class InstalledAppsTests(RewriteChecks):
    to = "django.tasks"

    def test_installed_apps_entry_is_reported(self) -> None:
        self.check_noop(
            'INSTALLED_APPS = ["django.contrib.auth", "django_tasks"]\n',
            reports=[(1, "remove it from INSTALLED_APPS")],
        )
