"""The API's pages: `limit` (default 50, at most 200) and `offset`, with the total `count`."""

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# Further than any list goes, and within what PostgreSQL's OFFSET takes (a bigint).
MAX_OFFSET = 10_000_000


class Pages(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
