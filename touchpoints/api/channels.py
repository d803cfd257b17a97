"""/api/w/{slug}/channels/: the catalogue; admins add, edit (with its version) and delete.

Writes run ChannelForm, the channel page's form, and are audited as "channel.<verb>"."""

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from convergence.api.audited import record
from convergence.api.auth import Slug, member
from convergence.api.errors import READ_ERRORS, WRITE_ERRORS, StaleVersion
from convergence.api.filters import narrowed
from convergence.api.forms import checked, form_values, posted
from convergence.api.pagination import Pages
from convergence.models import Capability, Membership
from touchpoints.api.schemas import ChannelIn, ChannelOut, ChannelPatch
from touchpoints.channels import save_channel
from touchpoints.forms.channels import ChannelForm
from touchpoints.history import StaleEdit
from touchpoints.models import Channel, ChannelCategory

router = Router()
FIELDS = ["name", "category", "description"]


class ChannelFilters(Schema):
    category: ChannelCategory | None = None
    q: str | None = None  # the name contains this


def get_channel(membership: Membership, pk: int) -> Channel:
    return get_object_or_404(Channel, pk=pk, workspace=membership.workspace)


@router.get("", response={200: list[ChannelOut], **READ_ERRORS})
@paginate(Pages)
def list_channels(request: HttpRequest, slug: Slug, filters: Query[ChannelFilters]) -> object:
    membership = member(request, slug, Capability.VIEW)
    channels = membership.workspace.channels.order_by("name", "pk")
    return narrowed(channels, category=filters.category, name__icontains=filters.q)


@router.get("{int:pk}/", response={200: ChannelOut, **READ_ERRORS})
def get_one(request: HttpRequest, slug: Slug, pk: int) -> Channel:
    return get_channel(member(request, slug, Capability.VIEW), pk)


@router.post("", response={201: ChannelOut, **WRITE_ERRORS})
def create(request: HttpRequest, slug: Slug, payload: ChannelIn) -> Status[Channel]:
    membership = member(request, slug, Capability.ADMINISTER)
    form = checked(ChannelForm(posted(payload.dict()), workspace=membership.workspace))
    with transaction.atomic():
        channel = form.save()
        record(
            membership,
            "channel.created",
            channel_label(channel),
            after=form_values(channel, FIELDS),
        )
    return Status(201, channel)


@router.patch("{int:pk}/", response={200: ChannelOut, **WRITE_ERRORS})
def edit(request: HttpRequest, slug: Slug, pk: int, payload: ChannelPatch) -> Channel:
    """Change the fields sent; `version` is the one read. A stale version answers 409."""
    membership = member(request, slug, Capability.ADMINISTER)
    channel = get_channel(membership, pk)
    before = form_values(channel, FIELDS)
    data = before | posted(payload.dict(exclude_unset=True, exclude={"version"}))
    form = checked(ChannelForm(data, instance=channel, workspace=membership.workspace))
    try:
        with transaction.atomic():
            saved = save_channel(form, payload.version)
            record(
                membership,
                "channel.changed",
                channel_label(saved),
                before,
                form_values(saved, FIELDS),
            )
    except StaleEdit:
        stored = Channel.objects.filter(pk=pk).values_list("version", flat=True).get()
        raise StaleVersion(stored) from None
    return saved


@router.delete("{int:pk}/", response={204: None, **WRITE_ERRORS})
def delete(request: HttpRequest, slug: Slug, pk: int) -> Status[None]:
    """Delete an unused channel; one that touch points use answers 409 and stays."""
    membership = member(request, slug, Capability.ADMINISTER)
    channel = get_channel(membership, pk)
    before = form_values(channel, FIELDS)
    try:
        with transaction.atomic():
            channel.delete()
            record(membership, "channel.deleted", channel_label(channel), before=before)
    except (ProtectedError, RestrictedError):
        raise HttpError(409, f"{channel} is used by touch points, so it stays.") from None
    return Status(204, None)


def channel_label(channel: Channel) -> str:
    return f"channel {channel.name}"
