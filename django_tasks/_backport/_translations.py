"""The translations of the status labels (context "Task"), which Django's own
catalogs hold from Django 6.0 on.

Breakpoint: use ``django.utils.translation.pgettext_lazy`` once Django 6.0 is
the minimum (and delete django_tasks/locale/).
"""

import functools
import gettext
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy

_LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def pgettext(context: str, message: str) -> str:
    """``django.utils.translation.pgettext``, with this package's catalogs as fallback.

    A project's catalogs (LOCALE_PATHS, its apps) win; this package's (domain
    "django_tasks", so Django never merges them into its own) fill in.
    """
    translated = translation.pgettext(context, message)
    if translated != message or not settings.USE_I18N:
        return translated
    language = translation.get_language()
    if not language:
        return message
    return _catalog(translation.to_locale(language)).pgettext(context, message)


pgettext_lazy = lazy(pgettext, str)


@functools.cache
def _catalog(locale: str) -> gettext.NullTranslations:
    # gettext also tries the language alone ("pt" for "pt_BR"); English and
    # languages without a catalog fall back to the message itself.
    return gettext.translation(
        "django_tasks", localedir=_LOCALE_DIR, languages=[locale], fallback=True
    )
