"""The invitation's mail: who invites, to what, with which role, the link and until when."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from convergence.models import Invitation


def invitation_link(token: str) -> str:
    return settings.SITE_URL + reverse("invitation_accept", args=[token])


def send_invitation(invitation: Invitation, token: str) -> None:
    context = {"invitation": invitation, "link": invitation_link(token)}
    subject = f"You are invited to {invitation.workspace.name} on Convergence"
    body = render_to_string("invitations/invitation_mail.txt", context)
    send_mail(subject, body, None, [invitation.email])
