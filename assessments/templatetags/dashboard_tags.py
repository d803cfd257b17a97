"""Small filters and tags for the dashboard templates."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from assessments.dashboard.heatmaps import Cell, Row

register = template.Library()


@register.filter
def heat_class(cell: Cell, colouring: str) -> str:
    return cell.heat(colouring)


@register.simple_tag
def heat_cell(cell: Cell, row: Row, colouring: str, cell_url: str, by_team: bool) -> SafeString:
    """One heatmap cell: its link to the cell's detail, the visible value and count, named for
    a screen reader with the row, the column and what the value means. Written here rather than
    as an included template: a 40 × 24 heatmap has 960 of them, and an include each took most of
    the panel's time."""
    link = f"{escaped(cell_url)}{'team' if by_team else 'level'}={escaped(cell.column.key)}"
    link = f"{link}&amp;row={row.id}"
    count = cell.touchpoints
    return mark_safe(  # every value is escaped or a number
        f'<td class="heat {cell.heat(colouring)}"><a href="{link}" hx-get="{link}"'
        f' hx-target="#cell-detail"><span class="visually-hidden">{escaped(row.name)} with'
        f" {escaped(cell.column.label)}: </span>{heat_value(cell, colouring)}"
        f' <small>{count_text(count)}<span class="visually-hidden"> touch'
        f" point{'' if count == 1 else 's'}</span></small></a></td>"
    )


@lru_cache(maxsize=4096)
def escaped(text: str) -> str:
    """A heatmap repeats each row's and column's name in every cell: escaped once each."""
    return str(escape(text))


def count_text(count: int) -> str:
    return localize(count) if settings.USE_THOUSAND_SEPARATOR else str(count)


NOT_RATED = mark_safe(
    '<span aria-hidden="true">–</span><span class="visually-hidden">not rated,</span>'
)


def heat_value(cell: Cell, colouring: str) -> SafeString:
    if colouring == "coverage":
        # As {% widthratio covered units|default:1 100 %}: Python's round, half to even.
        percent = round(cell.covered_units / (cell.units or 1) * 100)
        return format_html('{}%<span class="visually-hidden"> coverage,</span>', percent)
    if cell.effectiveness is None:
        return NOT_RATED
    return format_html(
        '{}<span class="visually-hidden"> of 5 mean effectiveness,</span>',
        floatformat(cell.effectiveness, 1),
    )


@register.filter
def is_not_none(value: object) -> bool:
    return value is not None
