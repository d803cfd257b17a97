"""Template tags of the workshop pages (and their panels shown on other pages), and icons."""

from __future__ import annotations

import re
from functools import cache

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from convergence.models import Workspace
from touchpoints.models import Workshop, WorkshopStatus
from touchpoints.workshops.board import Badge, Cell

register = template.Library()

# Vendored SVG icons (static/vendor/README.md): drawn inline, so no font is needed to show them.
ICON_DIR = settings.BASE_DIR / "static" / "vendor" / "lucide-static-1.62.0" / "icons"
ICON_NAME = re.compile(r"[a-z0-9-]+")


@cache
def icon_svg(name: str) -> str:
    """The icon's SVG markup, decorative (hidden from screen readers: its text says it)."""
    if not ICON_NAME.fullmatch(name):
        raise ValueError(f"Not an icon name: {name!r}")
    svg = (ICON_DIR / f"{name}.svg").read_text()
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)
    svg = re.sub(r'\s*(width|height)="24"', "", svg)
    svg = svg.replace("<svg", '<svg aria-hidden="true" focusable="false"', 1)
    return re.sub(r'class="lucide ', 'class="icon lucide ', " ".join(svg.split()))


@register.simple_tag
def icon(name: str) -> SafeString:
    """{% icon "timer" %}: a vendored icon, sized by CSS (.icon) to the text around it."""
    return mark_safe(icon_svg(name))


@register.inclusion_tag("touchpoints/workshops/upcoming_panel.html")
def upcoming_workshops(workspace: Workspace, limit: int = 3) -> dict[str, object]:
    """The workspace's open workshops from today on, soonest first, for the workspace home."""
    workshops = (
        Workshop.objects.filter(workspace=workspace, date__gte=timezone.localdate())
        .exclude(status=WorkshopStatus.CLOSED)
        .order_by("date", "pk")[:limit]
    )
    return {"workspace": workspace, "workshops": workshops}


@register.simple_tag(takes_context=True)
def board_cell(context: template.Context, cell: Cell) -> str:
    """One board cell's badges and its add link, built in Python.

    A 30 × 15 board holds hundreds of badges; rendered through template tags they cost
    tens of thousands of variable lookups, which made the board twice as slow.
    """
    can_run = context["can_run"]
    revealed = context["workshop"].ratings_revealed
    badges = [badge_html(badge, context["edit_base"], can_run, revealed) for badge in cell.badges]
    html = format_html(
        '<div class="badges">{}</div>', format_html_join("", "{}", ((b,) for b in badges))
    )
    if not can_run:
        return html
    query = f"?business_unit={cell.business_unit.pk}&it_team={cell.it_team.pk}"
    return html + format_html(
        '<a class="add" id="cell-{}-{}" href="{}" hx-get="{}" aria-label="{}">+</a>',
        cell.business_unit.pk,
        cell.it_team.pk,
        context["capture_base"] + query,
        context["capture_base"] + query,
        f"Add a touch point: {cell.business_unit.name} with {cell.it_team.name}",
    )


def badge_html(badge: Badge, edit_base: str, can_run: bool, revealed: bool) -> str:
    """A touch point's badge: its level letter and, when coloured, the effectiveness digit the
    colour stands for; its name (aria-label) starts with that visible text, then the details."""
    pk = badge.touch_point.pk
    digit = format_html('<span class="tp-eff">{}</span>', badge.shown_colour or "")
    visible = format_html("{}{}", badge.letter, digit if badge.shown_colour else "")
    label = f"{badge.letter}{badge.shown_colour or ''}: {badge.title}"
    if can_run:
        url = f"{edit_base}{pk}/"
        html = format_html(
            '<a href="{}" hx-get="{}" class="tp{}" id="tp-{}" title="{}" aria-label="{}">{}</a>',
            url,
            url,
            badge.css,
            pk,
            badge.title,
            label,
            visible,
        )
    else:
        html = format_html(
            '<span class="tp{}" id="tp-{}" title="{}" role="img" aria-label="{}">{}</span>',
            badge.css,
            pk,
            badge.title,
            label,
            visible,
        )
    if revealed and badge.has_perception_gap:
        html += format_html(
            '<span class="gap-marker" title="Business and IT see this touch point differently">'
            "B {} · IT {}</span>",
            f"{badge.business_mean:.1f}",
            f"{badge.it_mean:.1f}",
        )
    return html
