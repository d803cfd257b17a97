"""The NinjaAPI instance every app adds its routers to (in its AppConfig.ready)."""

from __future__ import annotations

from ninja import NinjaAPI

from convergence.api import errors
from convergence.api.auth import TokenAuth
from convergence.api.docs import VendoredSwagger
from convergence.api.throttling import TokenRateThrottle

DESCRIPTION = """\
The Convergence API: a workspace's org units, touch points, channels, workshops, assessments,
gap reports, actions and survey results.

Every call carries a personal token (`Authorization: Bearer cvg_...`, made on the workspace's
*API tokens* page or by `manage.py create_api_token`) and acts with its owner's current role in
the token's workspace. Lists take `limit` and `offset`; writes of an object that has a
`version` must send the version they read (a stale one answers 409). Errors answer
`{"detail", "code"}`, with `errors` per field on 422.
"""

api = NinjaAPI(
    title="Convergence API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
    throttle=TokenRateThrottle(),
    docs=VendoredSwagger(),
)
errors.install(api)
