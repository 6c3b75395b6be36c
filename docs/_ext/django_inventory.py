"""Build the intersphinx inventory of Django's documentation from Django's sdist.

Django's pages link to Django's reference through intersphinx, which reads the
inventory docs.djangoproject.com publishes. Where that site is out of reach (CI
reaches only the package registries), this script makes the same inventory from
the documentation sources in Django's sdist, downloaded from PyPI with pip, read
by Sphinx with Django's own ``conf.py`` and ``docs/_ext`` extension, and written
with the page addresses docs.djangoproject.com uses (``ref/tasks/#...``).

    python docs/_ext/django_inventory.py OUTPUT [--django-version 6.1.3]

The version defaults to the installed Django's, which must be a 6.1 release
(the intersphinx target is Django's 6.1 docs). The sdist and the inventory are
cached in ``.cache/docs/`` (git-ignored; ``DJANGO_TASKS_DOCS_CACHE`` moves it),
keyed by the Django version.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("DJANGO_TASKS_DOCS_CACHE", REPO / ".cache" / "docs"))

# The configuration Sphinx reads: Django's conf.py, run as itself, then the
# few changes an offline build of the inventory needs.
WRAPPER_CONF = """\
from pathlib import Path

_django_conf = {django_conf!r}
__file__ = _django_conf
exec(compile(Path(_django_conf).read_text(), _django_conf, "exec"))
__file__ = {wrapper_conf!r}

# Only Django's own objects belong in its inventory: no other inventories to
# fetch (there is no network for them), no source links to compute.
intersphinx_mapping = {{}}
extensions = [e for e in extensions if e != "sphinx.ext.linkcode"]
extensions.append("django_inventory")
"""


def download_sdist(version: str) -> Path:
    """Django's sdist of ``version``, downloaded from PyPI by pip into the cache."""
    sdists = CACHE / "sdists"
    sdist = sdists / f"django-{version}.tar.gz"
    if not sdist.exists():
        sdists.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                *(sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"),
                *("--no-binary", ":all:", "--dest", str(sdists), f"Django=={version}"),
            ],
            check=True,
        )
    return sdist


def extract_docs(sdist: Path, destination: Path) -> Path:
    """Unpack the sdist's ``docs/`` (and the ``django/`` package Django's conf.py
    imports for its version and source links) into ``destination``."""
    with tarfile.open(sdist) as archive:
        members = [
            m for m in archive.getmembers() if m.name.split("/")[1:2] in (["docs"], ["django"])
        ]
        archive.extractall(destination, members=members, filter="data")
    (top,) = destination.iterdir()
    return top / "docs"


def build_inventory(docs: Path, output: Path) -> None:
    work = docs.parent / "_inventory"
    confdir = work / "conf"
    confdir.mkdir(parents=True)
    wrapper = confdir / "conf.py"
    wrapper.write_text(
        WRAPPER_CONF.format(django_conf=str(docs / "conf.py"), wrapper_conf=str(wrapper))
    )
    env = {
        **os.environ,
        # Django's conf.py adds _ext to sys.path itself; this script's own
        # directory holds the builder below.
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), str(docs.parent)]),
    }
    warnings = work / "warnings.log"
    # Django's docs, read by today's Sphinx without their intersphinx targets,
    # warn about references to Python's docs: not this build's concern (the
    # objects Django defines are all there), so the warnings go to a file.
    with warnings.open("w") as log:
        subprocess.run(
            [
                *(sys.executable, "-m", "sphinx", "-b", "django-inventory", "-c", str(confdir)),
                *("-q", "-j", "auto", str(docs), str(work / "out")),
            ],
            check=True,
            env=env,
            stderr=log,
        )
    shutil.copyfile(work / "out" / "objects.inv", output)


def setup(app: Any) -> dict[str, Any]:
    """Sphinx extension (loaded by the wrapper conf.py): the inventory builder."""
    from sphinx.builders.dummy import DummyBuilder
    from sphinx.util.inventory import InventoryFile

    class InventoryBuilder(DummyBuilder):
        name = "django-inventory"

        def get_target_uri(self, docname: str, typ: str | None = None) -> str:
            # docs.djangoproject.com serves each page as a directory.
            if docname == "index":
                return ""
            if docname.endswith("/index"):
                return docname.removesuffix("index")
            return docname + "/"

        def finish(self) -> None:
            InventoryFile.dump(Path(self.outdir) / "objects.inv", self.env, self)

    app.add_builder(InventoryBuilder)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--django-version", default=installed_version("Django"))
    args = parser.parse_args()
    if not args.django_version.startswith("6.1."):
        parser.error(f"Django {args.django_version} is not a 6.1 release: the inventory is 6.1's")
    sdist = download_sdist(args.django_version)
    cached = CACHE / (sdist.name.removesuffix(".tar.gz") + ".inv")
    if not cached.exists():
        print(f"django_inventory: building Django's inventory from {sdist.name}", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            build_inventory(extract_docs(sdist, Path(tmp)), cached)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, args.output)
    print(f"django_inventory: {args.output} from {sdist.name}")


if __name__ == "__main__":
    main()
