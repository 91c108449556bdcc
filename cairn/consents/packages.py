"""PDFs from the same HTML templates as the screens (WeasyPrint, DESIGN.md): the records package
of a disclosure, a consent form, the accounting of disclosures and the record summary.

Every page of every PDF carries the §2.32 short notice in its bottom margin box, the program and
the document's reference in its top margin boxes, and "page N of M" (CSS paged media: the margin
boxes repeat on each page whatever the length of the content).
"""

import logging
import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from cairn.consents.categories import Content, Period
from cairn.consents.vocabulary import CATEGORIES, NOTICE_FULL, NOTICE_SHORT

# WeasyPrint reports each rendering step at INFO; a busy program's log needs none of it.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@dataclass
class Pdf:
    data: bytes
    pages: int


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: quotes, backslashes and control characters escaped,
    and ``<`` too, so nothing can close the style element."""
    text = re.sub(r"[\x00-\x1f\x7f]", " ", str(text))
    escaped = "".join(f"\\{ord(ch):x} " if ch in '\\"<>' else ch for ch in text)
    return f'"{escaped}"'


def page_css(*, top_left: str, top_right: str, notice: str = NOTICE_SHORT) -> str:
    """The page rule with its margin boxes; safe because css_string escapes every value."""
    return mark_safe(
        "@page { size: Letter; margin: 22mm 18mm 24mm;"
        f" @top-left {{ content: {css_string(top_left)}; }}"
        f" @top-right {{ content: {css_string(top_right)}; }}"
        f" @bottom-center {{ content: {css_string(notice)}; }}"
        ' @bottom-right { content: "Page " counter(page) " of " counter(pages); } }'
    )


def render_pdf(template: str, context: dict, *, top_left: str, top_right: str) -> Pdf:
    from weasyprint import HTML

    html = render_to_string(
        template,
        {
            **context,
            "page_css": page_css(top_left=top_left, top_right=top_right),
            "notice_full": NOTICE_FULL,
            "notice_short": NOTICE_SHORT,
        },
    )
    document = HTML(string=html).render()
    return Pdf(document.write_pdf(), len(document.pages))


def category_blocks(contents: dict[str, Content]) -> list[dict]:
    """What the package templates loop over: each category's label and sections."""
    return [
        {"key": key, "label": CATEGORIES[key].label, "sections": content.sections}
        for key, content in contents.items()
    ]


def describe(contents: dict[str, Content], period: Period) -> str:
    """What was disclosed, in words, for the disclosure record and the accounting."""
    parts = []
    for key, content in contents.items():
        count = content.count
        label = CATEGORIES[key].label
        if key == "demographics":
            parts.append(label)
        else:
            parts.append(f"{label} ({count} record{'s' if count != 1 else ''})")
    dates = f"records dated {period.label}" if period.start or period.end else "all dates"
    return f"{'; '.join(parts)} — {dates}."
