# Harness (ours): the sdist ships tests/tests.py only; this package, the
# settings, the tasks and the URLs around it are written for this repository.
