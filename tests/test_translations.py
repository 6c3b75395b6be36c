"""The status labels' translations that the backport ships (Django 6 ships its own)."""

from __future__ import annotations

import gettext
import pickle
import re
import unittest
from pathlib import Path

import django
from django.test import SimpleTestCase, override_settings
from django.utils import translation
from django.utils.functional import Promise

import django_tasks
from django_tasks.base import TaskResultStatus

LOCALE_DIR = Path(django_tasks.__file__).resolve().parent / "locale"
MESSAGES = ("Ready", "Running", "Failed", "Successful")


def po_entries(path: Path) -> dict[tuple[str, str], str]:
    """(context, msgid) -> msgstr of a catalog of single-line entries."""
    text = path.read_text(encoding="utf-8")
    pattern = r'msgctxt "(.*)"\nmsgid "(.*)"\nmsgstr "(.*)"'
    return {(ctx, msgid): msgstr for ctx, msgid, msgstr in re.findall(pattern, text)}


class CatalogTests(SimpleTestCase):
    def test_every_catalog_translates_every_label_and_is_compiled(self) -> None:
        languages = sorted(p.name for p in LOCALE_DIR.iterdir() if p.is_dir())
        self.assertGreaterEqual(len(languages), 10)
        for language in languages:
            with self.subTest(language=language):
                folder = LOCALE_DIR / language / "LC_MESSAGES"
                entries = po_entries(folder / "django_tasks.po")
                self.assertEqual(sorted(entries), sorted(("Task", m) for m in MESSAGES))
                with (folder / "django_tasks.mo").open("rb") as compiled:
                    catalog = gettext.GNUTranslations(compiled)
                for (context, msgid), msgstr in entries.items():
                    self.assertNotEqual(msgstr, msgid)
                    # The .mo is the compiled .po (msgfmt -o django_tasks.mo django_tasks.po).
                    self.assertEqual(catalog.pgettext(context, msgid), msgstr)


@unittest.skipIf(django.VERSION >= (6, 0), "Django 6 translates the labels with its own catalogs")
@override_settings(USE_I18N=True)
class BackportLabelTests(SimpleTestCase):
    def label(self, language: str, status: TaskResultStatus) -> str:
        with translation.override(language):
            return str(status.label)

    def test_translated_without_installed_app(self) -> None:
        self.assertEqual(self.label("fr", TaskResultStatus.READY), "Prête")
        self.assertEqual(self.label("de", TaskResultStatus.FAILED), "Fehlgeschlagen")
        self.assertEqual(self.label("zh-hans", TaskResultStatus.SUCCESSFUL), "成功")

    def test_regional_variants(self) -> None:
        self.assertEqual(self.label("pt-br", TaskResultStatus.RUNNING), "Em execução")
        # No de_AT catalog: gettext falls back to de.
        self.assertEqual(self.label("de-at", TaskResultStatus.READY), "Bereit")

    def test_english_and_unknown_languages(self) -> None:
        self.assertEqual(self.label("en", TaskResultStatus.READY), "Ready")
        self.assertEqual(self.label("xx", TaskResultStatus.READY), "Ready")

    @override_settings(USE_I18N=False, LANGUAGE_CODE="fr")
    def test_nothing_translated_when_i18n_is_off(self) -> None:
        self.assertEqual(str(TaskResultStatus.READY.label), "Ready")


@unittest.skipIf(django.VERSION >= (6, 0), "Django 6's labels are its own pgettext_lazy strings")
@override_settings(USE_I18N=True)
class LazyLabelTests(SimpleTestCase):
    """The labels are lazy strings, as pgettext_lazy's on Django 6: translated
    into the language active where they are used, and usable as strings."""

    def test_translated_where_used(self) -> None:
        label = TaskResultStatus.FAILED.label
        self.assertIsInstance(label, Promise)
        with translation.override("de"):
            self.assertEqual(str(label), "Fehlgeschlagen")
            self.assertEqual(f"{label}", "Fehlgeschlagen")
            self.assertEqual("[%s]" % label, "[Fehlgeschlagen]")  # noqa: UP031
            self.assertEqual(label.upper(), "FEHLGESCHLAGEN")
        with translation.override("en"):
            self.assertEqual(label, "Failed")
            self.assertEqual(hash(label), hash("Failed"))
            self.assertEqual(label + "!", "Failed!")

    def test_pickled_label_stays_lazy(self) -> None:
        label = pickle.loads(pickle.dumps(TaskResultStatus.SUCCESSFUL.label))
        self.assertIsInstance(label, Promise)
        with translation.override("fr"):
            self.assertEqual(str(label), str(TaskResultStatus.SUCCESSFUL.label))
        with translation.override("en"):
            self.assertEqual(str(label), "Successful")
