"""Small filters for the dashboard templates."""

from __future__ import annotations

from django import template

from assessments.dashboard.heatmaps import Cell

register = template.Library()


@register.filter
def heat_class(cell: Cell, colouring: str) -> str:
    return cell.heat(colouring)
