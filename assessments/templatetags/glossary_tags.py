"""``{% term code %}``: a code shown with its name, explained on hover and keyboard focus.

The code is a link to its glossary entry; its explanation is a tooltip the link describes
itself by (``aria-describedby``), shown by CSS on hover and on keyboard focus, and hidden by
Escape (static/js/glossary.js), so it works for a pointer, a keyboard and a screen reader
(WCAG 1.4.13) and needs no inline script or style.
"""

from __future__ import annotations

from itertools import count

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from assessments import glossary

register = template.Library()

# Tooltip ids only need to be unique within one page; a process-wide counter is.
_ids = count(1)


@register.simple_tag(takes_context=True)
def term(context: template.Context, code: object, show: str = "code and name") -> SafeString:
    """``{% term gap.rule %}`` shows "GAP-07 under-cadence"; ``{% term "B" "code" %}`` only
    the code, its name moving into the tooltip. An unknown code is shown as it is."""
    text = str(code)
    found = glossary.term(text)
    if found is None:
        return format_html("{}", text)
    tip_id = f"tip-{found.anchor}-{next(_ids)}"
    workspace = context.get("workspace")
    trigger = (
        format_html(
            '<a class="term-code" href="{}#{}" aria-describedby="{}">{}</a>',
            reverse("glossary", args=[workspace.slug]),
            found.anchor,
            tip_id,
            text,
        )
        if workspace is not None
        else format_html(
            '<abbr class="term-code" tabindex="0" aria-describedby="{}">{}</abbr>', tip_id, text
        )
    )
    name = format_html(" {}", found.name) if show != "code" and found.name != text else ""
    return format_html(
        '<span class="term">{}<span class="term-tip" role="tooltip" id="{}">'
        "<strong>{}</strong>: {}</span></span>{}",
        trigger,
        tip_id,
        found.label,
        found.explanation,
        name,
    )
