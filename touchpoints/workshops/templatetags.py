"""Template tags of the workshop pages (and their panels shown on other pages), and icons."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html import escape

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from convergence.models import Workspace
from touchpoints.models import OrgUnit, Workshop, WorkshopStatus
from touchpoints.workshops.board import Badge, Cell, Row
from touchpoints.workshops.deltas import BoardDelta

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
def board_cells(context: template.Context, row: Row) -> SafeString:
    """A board row's cells, each with its badges and its add link, built in Python in one pass.

    A 30 × 15 board holds 450 cells and hundreds of badges. A template loop, tag and
    format_html() per cell and badge cost tens of thousands of lookups and escapes, the board's
    largest cost; here each text is escaped once, with the same escaping (html.escape).
    """
    links = CellLinks.of(context)
    return mark_safe("".join(cell_html(cell, links) for cell in row.cells))


@register.simple_tag(takes_context=True)
def changed_cells(context: template.Context, delta: BoardDelta) -> SafeString:
    """A poll's delta: the changed cells, their rows' and columns' headers and totals, and the
    board's total, each swapped out of band by its id (within a <template>: table parts)."""
    links = CellLinks.of(context)
    totals = delta.totals
    parts = [cell_html(cell, links, OOB) for cell in delta.cells]
    if totals is None:
        return mark_safe(f"<template>{''.join(parts)}</template>")
    for unit in delta.rows:
        parts.append(row_header(unit, totals.rows[unit.pk], OOB))
        parts.append(row_total(unit, totals.rows[unit.pk], OOB))
    for unit in delta.columns:
        parts.append(column_header(unit, totals.columns[unit.pk], OOB))
        parts.append(column_total(unit, totals.columns[unit.pk], OOB))
    parts.append(board_total(totals.total, OOB))
    return mark_safe(f"<template>{''.join(parts)}</template>")


OOB = ' hx-swap-oob="true"'
# On each link, not inherited from the table: a delta may swap the cell of a link whose request
# is in flight, and a link no longer in the page would find no inherited swap style.
TO_PANEL = ' hx-target="#panel" hx-swap="outerHTML"'


@dataclass(frozen=True, slots=True)
class CellLinks:
    """What every cell's links need, escaped once per board."""

    can_run: bool
    revealed: bool
    edit_base: str
    capture_base: str

    @classmethod
    def of(cls, context: template.Context) -> CellLinks:
        return cls(
            context["can_run"],
            context["workshop"].ratings_revealed,
            escape(context["edit_base"]),
            escape(context["capture_base"]),
        )


def cell_html(cell: Cell, links: CellLinks, oob: str = "") -> str:
    """One cell: its badges and, for a facilitator, its "+" (ids stay put: focus survives)."""
    badges = "".join(
        badge_html(badge, links.edit_base, links.can_run, links.revealed) for badge in cell.badges
    )
    row_name = escape(cell.business_unit.name)
    add = add_link(cell, row_name, links.capture_base) if links.can_run else ""
    empty = "" if cell.badges else " empty"
    pair = f"pair-{cell.business_unit.pk}-{cell.it_team.pk}"
    return f'<td class="cell{empty}" id="{pair}"{oob}><div class="badges">{badges}</div>{add}</td>'


@register.simple_tag
def row_header(unit: OrgUnit, total: int, oob: str = "") -> SafeString:
    empty = "" if total else ' class="empty-row"'
    name = escape(unit.name)
    return mark_safe(f'<th scope="row" id="row-{unit.pk}"{empty}{oob}>{name}</th>')


@register.simple_tag
def column_header(unit: OrgUnit, total: int, oob: str = "") -> SafeString:
    empty = "" if total else ' class="empty-column"'
    name = escape(unit.name)
    return mark_safe(f'<th scope="col" id="column-{unit.pk}"{empty}{oob}>{name}</th>')


@register.simple_tag
def row_total(unit: OrgUnit, total: int, oob: str = "") -> SafeString:
    return mark_safe(f'<td class="num" id="row-total-{unit.pk}"{oob}>{total}</td>')


@register.simple_tag
def column_total(unit: OrgUnit, total: int, oob: str = "") -> SafeString:
    return mark_safe(f'<td class="num" id="column-total-{unit.pk}"{oob}>{total}</td>')


@register.simple_tag
def board_total(total: int, oob: str = "") -> SafeString:
    return mark_safe(f'<td class="num" id="board-total"{oob}><strong>{total}</strong></td>')


def add_link(cell: Cell, row_name: str, capture_base: str) -> str:
    """The cell's "+" that opens the capture form for its pair (names and base escaped already)."""
    business, it = cell.business_unit.pk, cell.it_team.pk
    url = f"{capture_base}?business_unit={business}&amp;it_team={it}"
    label = f"Add a touch point: {row_name} with {escape(cell.it_team.name)}"
    return (
        f'<a class="add" id="cell-{business}-{it}" href="{url}" hx-get="{url}"{TO_PANEL}'
        f' aria-label="{label}">+</a>'
    )


def badge_html(badge: Badge, edit_base: str, can_run: bool, revealed: bool) -> str:
    """A touch point's badge: its level letter and, when coloured, the effectiveness digit the
    colour stands for; its name (aria-label) starts with that visible text, then the details.
    `edit_base` is escaped already."""
    pk = badge.touch_point.pk
    colour = badge.shown_colour
    visible = f'{badge.letter}<span class="tp-eff">{colour}</span>' if colour else badge.letter
    title = escape(badge.title)
    label = f"{badge.letter}{colour or ''}: {title}"
    if can_run:
        url = f"{edit_base}{pk}/"
        html = (
            f'<a href="{url}" hx-get="{url}"{TO_PANEL} class="tp{badge.css}" id="tp-{pk}"'
            f' title="{title}"'
            f' aria-label="{label}">{visible}</a>'
        )
    else:
        html = (
            f'<span class="tp{badge.css}" id="tp-{pk}" title="{title}" role="img"'
            f' aria-label="{label}">{visible}</span>'
        )
    if revealed and badge.has_perception_gap:
        html += (
            '<span class="gap-marker" title="Business and IT see this touch point differently">'
            f"B {badge.business_mean:.1f} · IT {badge.it_mean:.1f}</span>"
        )
    return html
