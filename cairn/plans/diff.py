"""Differences between two versions, highlighted word by word (issue: "the history of versions
is viewable with differences highlighted"). Rows are matched by their key (``documents.Row``)
with difflib, the standard library's sequence matcher."""

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cairn.plans.documents import Row


@dataclass(frozen=True)
class DiffRow:
    state: str  # "same", "changed", "added", "removed"
    depth: int
    label: str
    html: SafeString


def words_diff(old: str, new: str) -> SafeString:
    """``new`` with deleted words in <del> and inserted words in <ins> (both escaped)."""
    a, b = old.split(" "), new.split(" ")
    parts = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if tag in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(p for p in parts if p))  # every piece escaped above


def diff_rows(old: list[Row], new: list[Row]) -> list[DiffRow]:
    result: list[DiffRow] = []
    matcher = SequenceMatcher(a=[r.key for r in old], b=[r.key for r in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for before, after in zip(old[i1:i2], new[j1:j2], strict=True):
                if before.text == after.text:
                    result.append(DiffRow("same", after.depth, after.label, escape(after.text)))
                else:
                    html = words_diff(before.text, after.text)
                    result.append(DiffRow("changed", after.depth, after.label, html))
            continue
        removed, added = list(old[i1:i2]), list(new[j1:j2])
        while removed and added and removed[0].pairable and added[0].pairable:
            before, after = removed.pop(0), added.pop(0)
            result.append(
                DiffRow("changed", after.depth, after.label, words_diff(before.text, after.text))
            )
        result.extend(DiffRow("removed", r.depth, r.label, escape(r.text)) for r in removed)
        result.extend(DiffRow("added", r.depth, r.label, escape(r.text)) for r in added)
    return result


def changed_count(rows: list[DiffRow]) -> int:
    return sum(1 for row in rows if row.state != "same")
