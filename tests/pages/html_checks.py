"""Checks over a rendered page's HTML (no browser): the words people see, and the
accessibility basics axe-core also checks (tests/e2e runs axe itself in Chromium)."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

# Elements whose text is not shown as words on the page.
HIDDEN_TEXT = {"script", "style", "template", "noscript", "title"}
SHOWN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
FIELDS = {"input", "select", "textarea"}
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.texts: list[str] = []
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.fields: list[dict] = []
        self.in_label = 0
        self.in_template = 0
        self.lang = ""
        self.mains = 0
        self.h1s = 0
        self.images_without_alt: list[str] = []
        self._button: list[dict] = []
        self.empty_buttons: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag == "template":
            self.in_template += 1
        if self.in_template:  # offline rows: inert until cloned
            self.stack.append(tag)
            return
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "label":
            self.in_label += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        if tag in FIELDS and not (tag == "input" and a.get("type", "text") in UNLABELLED_INPUT_TYPES):
            self.fields.append({**a, "_tag": tag, "_in_label": self.in_label > 0})
        if tag == "main" or a.get("role") == "main":
            self.mains += 1
        if tag == "h1":
            self.h1s += 1
        if tag == "img" and "alt" not in a:
            self.images_without_alt.append(a.get("src", ""))
        if tag == "button":
            self._button.append({"label": a.get("aria-label", ""), "text": ""})
        if not self._hidden():
            for name in SHOWN_ATTRIBUTES:
                if a.get(name):
                    self.texts.append(a[name])
        if tag not in ("br", "img", "input", "meta", "link", "hr", "source"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self.in_template -= 1
        if tag == "label" and not self.in_template:
            self.in_label = max(0, self.in_label - 1)
        if tag == "button" and self._button and not self.in_template:
            b = self._button.pop()
            if not (b["label"].strip() or b["text"].strip()):
                self.empty_buttons.append(str(b))
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def _hidden(self) -> bool:
        return self.in_template > 0 or any(t in HIDDEN_TEXT for t in self.stack)

    def handle_data(self, data: str) -> None:
        if self._button and not self.in_template:
            self._button[-1]["text"] += data
        if not self._hidden() and data.strip():
            self.texts.append(data.strip())


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def a11y_problems(html: str) -> list[str]:
    """What a screen-reader user would trip on: duplicate ids, unlabelled inputs, no lang,
    not exactly one main landmark and one h1, images without alt, empty buttons."""
    page = parse(html)
    problems = [f"duplicate id {i!r} ({n}×)" for i, n in Counter(page.ids).items() if n > 1]
    for f in page.fields:
        labelled = (f.get("id") in page.label_for or f["_in_label"] or f.get("aria-label", "").strip()
                    or f.get("aria-labelledby") or f.get("title", "").strip())
        if not labelled:
            problems.append(f"unlabelled <{f['_tag']} name={f.get('name')!r} id={f.get('id')!r}>")
    if not page.lang:
        problems.append("<html> has no lang")
    if page.mains != 1:
        problems.append(f"{page.mains} main landmarks")
    if page.h1s != 1:
        problems.append(f"{page.h1s} h1 headings")
    problems += [f"img without alt: {src}" for src in page.images_without_alt]
    problems += [f"button without a name: {b}" for b in page.empty_buttons]
    return problems


WORD = re.compile(r"[A-Za-z][A-Za-z']{2,}")


def english_words(html: str, allowed: set[str]) -> list[str]:
    """Latin-script words shown on the page that are not in `allowed` (brand names, data)."""
    found = []
    for text in parse(html).texts:
        if "@" in text or "://" in text:
            continue
        found += [w for w in WORD.findall(text) if w.lower() not in allowed]
    return found
