"""A minimal Wagtail 8 site: pages, sites and the frontend cache, whose tasks
Wagtail defines with ``from django_tasks import task``.

TASKS is left to the tests (the default is Django's ImmediateBackend). Listing
"django_tasks" in INSTALLED_APPS is what projects on django-tasks <= 0.12 do.
"""

SECRET_KEY = "django-tasks-wagtail"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "wagtail_urls"
WAGTAIL_SITE_NAME = "django-tasks ecosystem"
WAGTAILADMIN_BASE_URL = "http://localhost"

INSTALLED_APPS = [
    "wagtail.contrib.frontend_cache",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.images",
    "wagtail.documents",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

STATIC_URL = "/static/"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

WAGTAILFRONTENDCACHE = {"recording": {"BACKEND": "recording_cache.RecordingBackend"}}
