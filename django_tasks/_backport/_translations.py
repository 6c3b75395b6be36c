"""Translations of the task status labels for Django versions whose catalogs lack them."""

import functools
import gettext
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language, pgettext, to_locale

_LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_CONTEXT = "Task"


def translate_status_label(message: str) -> str:
    translated = pgettext(_CONTEXT, message)
    if translated != message or not settings.USE_I18N:
        return translated
    language = get_language()
    if not language:
        return message
    return _catalog(to_locale(language)).pgettext(_CONTEXT, message)


@functools.cache
def _catalog(locale: str) -> gettext.NullTranslations:
    # gettext also tries the language alone ("pt" for "pt_BR"); English and
    # languages without a catalog fall back to the message itself.
    return gettext.translation(
        "django_tasks", localedir=_LOCALE_DIR, languages=[locale], fallback=True
    )
