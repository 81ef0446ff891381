"""The offline scripts (static/js/offline/*.js) speak the page's language (issue 19).

Read from the sources, without a browser:
- every message id the scripts pass to gettext / pgettext / ngettext has a Hindi translation
  in locale/hi/LC_MESSAGES/djangojs.po (with the same placeholders, in Devanagari), and the
  compiled djangojs.mo says the same;
- gettext is only ever called with a literal (a variable would escape makemessages), but for
  the one place words kept as data are written out (forms.js `translated`): the message ids
  it is given are marked where they are made, with gettext_noop("…") (makemessages reads it),
  and a phrase is made from nothing else;
- no English word reaches the page outside gettext: every place a script writes text to the
  screen (textContent, title, aria-label, innerHTML, alert/confirm, its buttons, a waiting
  row's summary and slots, the worker's offline page) is checked for word literals.
"""

from __future__ import annotations

import gettext as gnu_gettext
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((ROOT / "static" / "js" / "offline").glob("*.js"))
PO = ROOT / "locale" / "hi" / "LC_MESSAGES" / "djangojs.po"
MO = PO.with_suffix(".mo")

STRING = r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
_GETTEXT = re.compile(rf"\bgettext\(\s*({STRING})\s*\)")
_PGETTEXT = re.compile(rf"\bpgettext\(\s*({STRING})\s*,\s*({STRING})\s*\)")
_NGETTEXT = re.compile(rf"\bngettext\(\s*({STRING})\s*,\s*({STRING})\s*,")
_NOOP = re.compile(rf"\bgettext_noop\(\s*({STRING})\s*\)")
_ANY_CALL = re.compile(r"(?<![\w.])(?:function\s+)?(n|p)?gettext\(")
_PLACEHOLDER = re.compile(r"%\(\w+\)s")
_DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def _literal(token: str) -> str:
    body = token[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def _code(path: Path) -> str:
    """The script without its comments (a comment's words are no words on screen)."""
    src = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"(?m)(^|[\s;,{(])//[^\n]*$", r"\1", src)


def messages(source: str) -> set[tuple[str | None, str, str | None]]:
    """(context, msgid, msgid_plural) of every gettext-family call with literals in `source`."""
    found = {(None, _literal(m), None) for m in _GETTEXT.findall(source) + _NOOP.findall(source)}
    found |= {(_literal(c), _literal(m), None) for c, m in _PGETTEXT.findall(source)}
    found |= {(None, _literal(s), _literal(p)) for s, p in _NGETTEXT.findall(source)}
    return found


def _all_messages() -> set[tuple[str | None, str, str | None]]:
    return set().union(*(messages(_code(path)) for path in SCRIPTS))


def _catalogue():
    with open(PO, "rb") as fh:
        return read_po(fh, locale="hi")


def test_every_word_of_the_scripts_has_a_hindi_translation():
    found = _all_messages()
    # The scan must see the scripts' words at all (a regex that matches nothing passes everything).
    assert len(found) > 80, len(found)
    assert (
        None,
        "Offline — %(count)s change waiting",
        "Offline — %(count)s changes waiting",
    ) in found
    assert ("abbrev. month", "Sep", None) in found and (None, "You are offline", None) in found

    catalogue = _catalogue()
    compiled = gnu_gettext.GNUTranslations(open(MO, "rb"))  # noqa: SIM115 - read whole at once
    problems = []
    for context, msgid, plural in sorted(found, key=lambda m: (m[0] or "", m[1])):
        entry = catalogue.get((msgid, plural) if plural else msgid, context=context)
        if entry is None or entry.fuzzy:
            problems.append(f"missing: {context or ''}|{msgid}")
            continue
        forms = list(entry.string) if plural else [entry.string]
        ids = [msgid, plural] if plural else [msgid]
        for i, form in enumerate(forms):
            if not form or not _DEVANAGARI.search(form):
                problems.append(f"not Hindi: {msgid!r} -> {form!r}")
            elif sorted(_PLACEHOLDER.findall(form)) != sorted(_PLACEHOLDER.findall(ids[min(i, 1)])):
                problems.append(f"placeholders differ: {msgid!r} -> {form!r}")
        if plural:
            shown = [
                compiled.npgettext(context, msgid, plural, n)
                if context
                else compiled.ngettext(msgid, plural, n)
                for n in (1, 2)
            ]
        else:
            shown = [compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)]
        if shown != forms:
            problems.append(f"djangojs.mo is not compiled from djangojs.po: {msgid!r}")
    assert problems == []


def test_the_catalogue_holds_no_words_the_scripts_no_longer_use():
    used = {(c, m) for c, m, _p in _all_messages()}
    stale = [
        (m.context, m.id)
        for m in _catalogue()
        if m.id and (m.context, m.id[0] if isinstance(m.id, tuple) else m.id) not in used
    ]
    assert stale == []


# Words kept as data are written out here: its ids come from gettext_noop (checked below).
_AT_DISPLAY = ("forms.js", "function translated(msgid) { return gettext(msgid); }")


def test_gettext_is_only_called_with_literals():
    problems = []
    for path in SCRIPTS:
        code = _code(path)
        for m in _ANY_CALL.finditer(code):
            if m.group(0).startswith("function"):
                continue  # the English stand-ins (words.js) and the worker's own lookup (sw.js)
            line = code[code.rfind("\n", 0, m.start()) + 1 : code.find("\n", m.start())].strip()
            if (path.name, line) == _AT_DISPLAY:
                continue
            after = code[m.end() :].lstrip()
            if not after.startswith(('"', "'")):
                problems.append(f"{path.name}: {code[m.start() : m.start() + 60]!r}")
    assert problems == []
    forms = _code(ROOT / "static" / "js" / "offline" / "forms.js")
    assert _AT_DISPLAY[1] in forms


_PHRASE = re.compile(r"(?<![\w.])(?:forms\.)?phrase\(")
_MSGID = re.compile(r"\bmsgid\s*=(?!=)")


def phrases_without_marked_ids(code: str) -> list[str]:
    """Phrases (words kept as data) whose message id is not a gettext_noop literal."""
    found, masked = [], _masked(code)
    for pattern in (_PHRASE, _MSGID):  # phrase(<id>, …), and an id chosen beforehand
        for m in pattern.finditer(masked):
            if code[: m.start()].rstrip().endswith("function"):
                continue
            first = _expression(code, m.end(), ",")
            if first.strip() == "msgid":
                continue  # chosen beforehand: that assignment is checked itself
            rest = _COMPARED.sub("", _NOOP.sub("", first))
            if re.search(STRING, rest) or "gettext_noop(" not in first:
                found.append(f"{code[m.start() : m.end()]} {first.strip()[:100]}")
    return found


def test_words_kept_as_data_name_marked_message_ids():
    problems = []
    for path in SCRIPTS:
        problems += [f"{path.name}: {p}" for p in phrases_without_marked_ids(_code(path))]
    assert problems == []
    # Something to check at all: the summaries are phrases.
    assert len(_PHRASE.findall(_code(ROOT / "static" / "js" / "offline" / "forms.js"))) > 15


@pytest.mark.parametrize(
    "snippet",
    [
        'summary: phrase("Settled %(amount)s", { amount: shown }),',
        "summary: phrase(gettext(\"Settled %(amount)s\"), { amount: shown }),",
        'var msgid = capital ? "Cash in %(amount)s" : gettext_noop("cash in %(amount)s");',
        "summary: phrase(label, { amount: shown }),",
    ],
)
def test_the_check_catches_phrases_of_unmarked_ids(snippet):
    assert phrases_without_marked_ids(snippet) != []


@pytest.mark.parametrize(
    "snippet",
    [
        'summary: phrase(gettext_noop("Settled %(amount)s"), { amount: shown }),',
        'x = forms.phrase(kind === "gave" ? gettext_noop("You gave") : gettext_noop("You got"));',
        'var msgid = capital ? gettext_noop("Cash in %(amount)s") : gettext_noop("cash in %(amount)s");',
        "function phrase(msgid, values) { return values ? { say: msgid, with: values } : { say: msgid }; }",
    ],
)
def test_the_check_lets_marked_ids_through(snippet):
    assert phrases_without_marked_ids(snippet) == []


# Where a script writes text to the screen: the expression after each of these.
_SINKS = [
    (re.compile(r"\.(?:textContent|title|innerHTML)\s*=(?!=)"), ";"),
    (re.compile(r"setAttribute\(\s*\"(?:aria-label|title|placeholder)\"\s*,"), ")"),
    (re.compile(r"\b(?:alert|confirm)\("), ")"),
    (re.compile(r"(?<!function )\bbutton\("), ","),
    # A waiting row's texts and its line in the outbox list (forms.js builds them, page.js
    # shows them with textContent).
    (re.compile(r"\b(?:summary|label|slots|message)\s*:"), ","),
    (re.compile(r"\bvar (?:text|what|html)\s*=(?!=)"), ";"),
]
_COMPARED = re.compile(rf"(?:[!=]==?\s*(?:{STRING}))|(?:(?:{STRING})\s*[!=]==?)")
_CALLS = re.compile(rf"\b(?:(?:n|p)?gettext|gettext_noop)\((?:\s*(?:{STRING})\s*,?)+")
# Not shown: a form field's name read from the form, and a slot's class (data-slot-class).
_NOT_SHOWN = re.compile(r"\b(?:val|optionText)\([^()]*\)|\btone\s*:[^,}]*")


def _expression(code: str, start: int, end: str) -> str:
    """From `start` to the `end` character at depth 0 (or a closing bracket of the outer level)."""
    depth, i, quote = 0, start, None
    while i < len(code):
        ch = code[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                return code[start:i]
            depth -= 1
        elif ch in (end, ";") and depth == 0:
            return code[start:i]
        i += 1
    return code[start:]


def _masked(code: str) -> str:
    """`code` with the insides of its string literals blanked (same offsets): a sink is code."""
    return re.sub(
        STRING, lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], code
    )


def english_on_screen(code: str) -> list[str]:
    """Word literals in what the code writes to the screen, outside gettext calls."""
    found, masked = [], _masked(code)
    for sink, end in _SINKS:
        # An attribute's name is itself a literal: that sink is found in the code as written.
        for m in sink.finditer(code if "setAttribute" in sink.pattern else masked):
            expr = _expression(code, m.end(), end)
            expr = _NOT_SHOWN.sub(
                "", _COMPARED.sub("", _CALLS.sub("gettext(", expr))
            )  # compared values are not shown
            # The literals in order, markup taken out (a tag may span two literals).
            text = re.sub(
                r"<[^>]*>", " ", " ".join(_literal(token) for token in re.findall(STRING, expr))
            )
            if re.search(r"[A-Za-z]{2,}", text):
                found.append(f"{code[m.start() : m.end()]} … {expr.strip()[:120]}")
    return found


def test_no_english_word_is_written_to_the_page_outside_gettext():
    problems = []
    for path in SCRIPTS:
        problems += [f"{path.name}: {p}" for p in english_on_screen(_code(path))]
    assert problems == []


@pytest.mark.parametrize(
    "snippet",
    [
        'el.textContent = "Offline — " + n + " changes waiting";',
        'box.appendChild(button("Discard", "discard", r.key));',
        'return { summary: "Settled " + money(a, c), list: "ious" };',
        'b.setAttribute("aria-label", "Edit " + label);',
        "var html = '<!doctype html><html lang=\"' + lang + '\"><h1>You are offline</h1>';",
        'var text = "Repaid " + money(amount, currency);',
        'summary: joined(["Delete", label], " "),',
        'if (!window.confirm("Delete " + label + "?")) return;',
    ],
)
def test_the_check_catches_english_words(snippet):
    assert english_on_screen(snippet) != []


@pytest.mark.parametrize(
    "snippet",
    [
        'el.textContent = say(gettext("Settled %(amount)s"), { amount: shown });',
        'pill.textContent = r.state === "waiting" ? gettext("waiting") : gettext("saved");',
        'box.appendChild(button(gettext("Discard"), "discard", r.key));',
        'box.innerHTML = \'<summary role="status"></summary><ul class="plain"></ul>\';',
        "var html = '<!doctype html><html lang=\"' + lang + '\"><h1>' + escaped(gettext(\"You are offline\")) + '</h1>';",
        'slots: { date: day(date), what: gaveOrGot(kind), mode: val(fd, "mode"), tone: kind === "gave" ? "neg" : "pos" },',
        'summary: phrase(gettext_noop("Settled %(amount)s"), { amount: amountOf(a, c) }),',
        'var what = joined([lentOrBorrowed(direction), note], " · ");',
    ],
)
def test_the_check_lets_translated_words_and_markup_through(snippet):
    assert english_on_screen(snippet) == []
