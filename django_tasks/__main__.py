"""``python -m django_tasks``: the ``demo``, ``info`` and ``rewrite-imports`` commands."""

from django_tasks._cli import main

if __name__ == "__main__":
    raise SystemExit(main())
