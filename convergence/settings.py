"""Convergence settings: one file, every knob read from the environment.

With nothing configured it runs on SQLite in ./data with Celery tasks executed in-process,
so a fresh clone works with one command. Set DATABASE_URL and REDIS_URL for a real deployment.
"""

import os
from datetime import timedelta
from pathlib import Path

import django_stubs_ext
from django.utils.csp import CSP

from convergence import databases

# Lets admin and form classes be subscripted for type checking (ModelAdmin[Model]).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "false")
# The fallback key only ever serves a local demo; `check --deploy` flags it in production.
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-local-demo-key-change-me")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

# Where the accessibility statement sends people who meet a barrier (an address or a URL);
# empty: to their workspace admin.
ACCESSIBILITY_CONTACT = os.environ.get("ACCESSIBILITY_CONTACT", "")

DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "data"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    # The public API: its Swagger UI files (static/ninja/) serve the docs at /api/docs.
    "ninja",
    "axes",
    "mozilla_django_oidc",
    "convergence",
    "touchpoints",
    "assessments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "convergence.middleware.refuse_null_characters",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in with the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Widgets render through the project's templates too (touchpoints' unit picker lives there).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "convergence.urls"
WSGI_APPLICATION = "convergence.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # Workshop tags live with the workshop code, outside an app's templatetags folder.
            "libraries": {"workshops": "touchpoints.workshops.templatetags"},
            # The shared page components (table_scroll), in every template without a load.
            "builtins": ["convergence.templatetags.ui"],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASES = {
    "default": databases.from_url(DATABASE_URL) if DATABASE_URL else databases.embedded(DATA_DIR)
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account, or
# from one address, that account or address is refused for LOGIN_LOCKOUT_MINUTES; a successful
# sign-in resets the count. An admin unlocks earlier in the Django admin (Axes > Access attempts:
# delete the rows) or with `manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, refusing every password but a superuser's when LOCAL_PASSWORDS is off.
    "convergence.passwords.PasswordBackend",
    # Single sign-on's code flow; it answers nothing while OIDC_RP_CLIENT_ID is unset.
    "convergence.sso.backend.SsoBackend",
]
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "10")
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "convergence.views.locked_out"
# The address as the join-code limit sees it: REMOTE_ADDR, or TRUSTED_PROXY_HOPS from the right.
AXES_CLIENT_IP_CALLABLE = "convergence.proxies.client_address"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Local passwords (README "Single sign-on, invitations and passwords"): off, the login page shows
# only single sign-on, password sign-in, reset and change are refused; a superuser still signs in
# with a password at /admin/login/ (the break-glass account when the identity provider is down).
LOCAL_PASSWORDS = envbool("LOCAL_PASSWORDS", "true")
# Single sign-on with OpenID Connect (mozilla-django-oidc), on when OIDC_RP_CLIENT_ID is set. The
# endpoints come from the provider's discovery document unless given one by one.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_DISCOVERY_URL = os.environ.get("OIDC_OP_DISCOVERY_URL", "")
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile groups")
# The claim (ID token or userinfo) listing the user's groups, and the one naming a new account.
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "preferred_username")
# The sign-in button says "Sign in with <this>".
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "single sign-on")
OIDC_TIMEOUT = envint("OIDC_TIMEOUT", "10")
OIDC_USE_PKCE = True
OIDC_AUTHENTICATE_CLASS = "convergence.sso.views.SsoAuthenticateView"
OIDC_CALLBACK_CLASS = "convergence.sso.views.SsoCallbackView"
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"
# How long an invitation's link works; it works once.
INVITATION_DAYS = envint("INVITATION_DAYS", "7")
# How long a password reset link works (Django's PASSWORD_RESET_TIMEOUT, in seconds).
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_HOURS", "24") * 3600

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve straight from static/ when collectstatic has not run (the embedded default).
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if envbool("STATIC_MANIFEST", "false")
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "media/"
# Uploaded org charts are read in memory; 20 MB holds far more than 50,000 rows.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# Production hardening, switched on by HTTPS=true so `check --deploy` is clean behind TLS.
HTTPS = envbool("HTTPS", "false")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and envbool("SECURE_SSL_REDIRECT", "true")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000") if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# The container's own health check calls http://127.0.0.1:8000/health/: never redirect it.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
# Reverse proxies in front of the app that append to X-Forwarded-For: the client address (for
# rate limits) is the entry that many hops from the right. 0: no proxy, REMOTE_ADDR is the client.
TRUSTED_PROXY_HOPS = envint("TRUSTED_PROXY_HOPS", "0")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# No page runs an inline script, an inline handler, eval or an inline style: behaviour is in
# static/js (page.js for what were onclick/onsubmit/hx-on), styles in static/css, so every
# directive is the site itself. A view may set its own header (the HTML report's download).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down costs speed, never a page: every call then answers as a miss.
            "BACKEND": "convergence.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_PREFIX", "convergence"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: with no broker configured, tasks run in-process so the demo needs no worker.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", "600")
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", "540")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Fail fast when Redis is down, so a request that enqueues tells the user at once instead of
# hanging (convergence.jobs.enqueue_after_commit): one connection try, no publish retries.
# A worker and beat retry forever instead (convergence.celery switches them at start).
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    # A message a worker took and never acknowledged (acks_late: it died on the task) goes back
    # to the queue after this long; no task outlives the hard time limit, so one older than that
    # is a dead worker's. The task delivered again then starts its job over (convergence.jobs).
    "visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", str(CELERY_TASK_TIME_LIMIT + 60)),
    # How often a worker looks for such messages: every interval (kombu scans every tenth).
    "unacked_restore_interval": envint("CELERY_RESTORE_INTERVAL", "10"),
    "unacked_restore_throttle": 1,
}
# The queue web and beat send to and workers take from: deployments sharing one Redis (or a
# test running its own web processes and workers) keep theirs apart by name.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
CELERY_BROKER_CONNECTION_TIMEOUT = envint("CELERY_BROKER_CONNECTION_TIMEOUT", "2")
CELERY_BROKER_CONNECTION_MAX_RETRIES = 1
# How often each worker writes its heartbeat row; /health/ says "degraded" after three missed.
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "10"))
# How often a worker on a job (an import, a gap report) refreshes the row's heartbeat
# (convergence.jobs.beating); the sweeps fail a job whose heartbeat is three beats old (its
# worker is gone), and a task delivered again then starts the job over.
JOB_HEARTBEAT_SECONDS = float(os.environ.get("JOB_HEARTBEAT_SECONDS", "5"))

# Survey answers (one criterion's page each) accepted per client address in a ten-minute
# window; a whole room answering over one office address stays far below it.
SURVEY_ANSWERS_PER_WINDOW = envint("SURVEY_ANSWERS_PER_WINDOW", "600")
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Fails gap reports a killed worker left running, or no worker took (gap_reports.sweep_stuck).
    # Every 30 s: heartbeats tell a dead worker's report within seconds.
    "sweep-stuck-reports": {"task": "assessments.tasks.sweep_stuck_reports", "schedule": 30.0},
    # Enqueues the weekly and monthly gap reports that are due.
    "run-scheduled-reports": {
        "task": "assessments.tasks.run_scheduled_reports",
        "schedule": 3600.0,
    },
    # The same for org-chart imports (touchpoints.tasks.sweep_stuck_imports).
    "sweep-stuck-imports": {"task": "touchpoints.tasks.sweep_stuck_imports", "schedule": 30.0},
    # The same for meeting imports (touchpoints.meetings.tasks).
    "sweep-stuck-meeting-imports": {
        "task": "touchpoints.meetings.tasks.sweep_stuck_meeting_imports",
        "schedule": 30.0,
    },
    # The same for people uploads (touchpoints.people.tasks).
    "sweep-stuck-people-uploads": {
        "task": "touchpoints.people.tasks.sweep_stuck_people_uploads",
        "schedule": 30.0,
    },
    # Closes survey rounds past their closing date (assessments.rounds.close_due_rounds).
    "close-due-survey-rounds": {
        "task": "assessments.tasks.close_due_survey_rounds",
        "schedule": 300.0,
    },
    # Rebuilds the dashboards' read models behind the map, so a change shows within seconds.
    "rebuild-stale-dashboards": {
        "task": "assessments.tasks.rebuild_stale_dashboards",
        "schedule": 10.0,
    },
    # Sends webhook deliveries that are due but whose message was lost (convergence.tasks).
    "sweep-webhook-deliveries": {
        "task": "convergence.tasks.sweep_webhook_deliveries",
        "schedule": 60.0,
    },
    # Mails owners their actions due soon or overdue, once a day each (assessments.reminders).
    "remind-action-owners": {"task": "assessments.tasks.remind_action_owners", "schedule": 3600.0},
}

# Webhooks (convergence.webhooks): attempts per delivery, the first retry's delay (doubling
# after each failure), the receiver's time to answer, and whether receivers on private,
# loopback or link-local addresses are allowed (off: a webhook cannot probe the site's network).
WEBHOOK_MAX_ATTEMPTS = envint("WEBHOOK_MAX_ATTEMPTS", "6")
WEBHOOK_RETRY_BASE_SECONDS = envint("WEBHOOK_RETRY_BASE_SECONDS", "30")
WEBHOOK_TIMEOUT_SECONDS = envint("WEBHOOK_TIMEOUT_SECONDS", "10")
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = os.environ.get("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", "") == "1"

# Mail (Django's MAILERS): an SMTP server when EMAIL_HOST is set, else the console, so the
# reminders show in the worker's log; EMAIL_FILE_PATH instead writes each connection's mails to
# a file in that folder (an outbox to read: a staging server, or a test's worker process).
_smtp_host = os.environ.get("EMAIL_HOST", "")
_mail_folder = os.environ.get("EMAIL_FILE_PATH", "")
_local_mailer: dict[str, object] = (
    {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": _mail_folder},
    }
    if _mail_folder
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
)
MAILERS: dict[str, dict[str, object]] = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _smtp_host,
            "port": envint("EMAIL_PORT", "587"),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": envbool("EMAIL_USE_TLS", "true"),
            "timeout": 10,
        },
    }
    if _smtp_host
    else _local_mailer
}
# Without an SMTP server the console is the chosen channel, not a mistake: --deploy stays clean.
SILENCED_SYSTEM_CHECKS = [] if _smtp_host else ["mail.E001"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "convergence@localhost")
# Where the app is reached, for the links in mails (a mail has no request to build them from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# An open action is "due soon" this many days before its due date.
ACTION_DUE_SOON_DAYS = envint("ACTION_DUE_SOON_DAYS", "7")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The public API (convergence/api/): requests per token, counted in the cache (Redis), and the
# page sizes of its lists (`limit` defaults to 50 and is at most 200).
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300/m")
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200

# How long a dashboard panel stays cached per workspace data stamp; 0 switches the cache off.
DASHBOARD_CACHE_SECONDS = envint("DASHBOARD_CACHE_SECONDS", "60")
# Panels read rows rolled up ahead (assessments.dashboard.readmodel; false: always live). Rows
# behind the map are shown "as of" their time past DASHBOARD_LIVE_LIMIT touch points, else live.
DASHBOARD_READ_MODEL = envbool("DASHBOARD_READ_MODEL", "true")
DASHBOARD_LIVE_LIMIT = envint("DASHBOARD_LIVE_LIMIT", "20000")
