"""What ``makemessages`` would extract, without GNU gettext: the tests that check every marked
string of an app has a Spanish entry use it (issue 11.8)."""

import re
from pathlib import Path


def marked_msgids(root: Path) -> set[str]:
    """The strings marked for translation under ``root``: every ``{% translate "…" %}``,
    one-line ``{% blocktranslate %}…{% endblocktranslate %}`` and one-line
    ``_("…")``/``gettext("…")`` outside tests and migrations."""
    found: set[str] = set()
    for path in root.rglob("*.html"):
        text = path.read_text()
        found |= set(re.findall(r'{% translate "([^"]+)"', text))
        for body in re.findall(r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate %}", text):
            found.add(re.sub(r"{{ (\w+) }}", r"%(\1)s", body))
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        found |= set(re.findall(r'\b(?:_|gettext(?:_lazy)?)\(\s*"([^"]+)"\s*\)', path.read_text()))
    return found
