"""The cross-reference roles Django's own documentation defines, so that
``{setting}`TASKS``` links to Django's settings reference through intersphinx,
as ``:setting:`TASKS``` does in Django's docs (its ``docs/_ext/djangodocs.py``)."""

from __future__ import annotations

from typing import Any


def setup(app: Any) -> dict[str, Any]:
    app.add_crossref_type(
        directivename="setting", rolename="setting", indextemplate="pair: %s; setting"
    )
    app.add_crossref_type(
        directivename="django-admin", rolename="djadmin", indextemplate="pair: %s; django-admin"
    )
    return {"parallel_read_safe": True, "parallel_write_safe": True}
