"""The shared page components every template may use (registered as a built-in library)."""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


class TableScrollNode(template.Node):
    def __init__(self, nodelist: NodeList, label: FilterExpression) -> None:
        self.nodelist = nodelist
        self.label = label

    def render(self, context: template.Context) -> str:
        return format_html(
            '<div class="table-scroll" role="region" aria-label="{}" tabindex="0">{}</div>',
            self.label.resolve(context),
            mark_safe(self.nodelist.render(context)),
        )


@register.tag
def table_scroll(parser: Parser, token: Token) -> TableScrollNode:
    """{% table_scroll "Touch points" %}<table>…</table>{% endtable_scroll %}

    A wide table scrolls sideways on a phone inside a named region that takes keyboard focus,
    so it can be scrolled with the arrow keys (WCAG 2.1.1) and a screen reader names it.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("table_scroll takes one argument: the region's name")
    nodelist = parser.parse(("endtable_scroll",))
    parser.delete_first_token()
    return TableScrollNode(nodelist, parser.compile_filter(bits[1]))
