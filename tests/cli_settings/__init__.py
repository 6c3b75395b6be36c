"""For the ``python -m django_tasks`` tests: one settings module per configuration
that ``info`` is run against, and ``runner.run_cli`` to run the command."""
