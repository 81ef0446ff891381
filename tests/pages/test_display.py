"""config.display: one way to show money, dates, times and states, in English and Hindi."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from config import display
from config.phrases import date_arg, money_arg, say


def test_money_indian_grouping_symbol_and_the_currencys_decimals():
    assert display.money(Decimal("1234567.5"), "INR") == "₹12,34,567.50"
    assert display.money(Decimal("1800.0000"), "INR") == "₹1,800.00"
    assert display.money(Decimal("1234"), "JPY") == "JP¥1,234"
    assert display.money(Decimal("-150"), "INR") == "-₹150.00"
    assert display.money(None, "INR") == "" and display.money("", "INR") == ""
    with translation.override("hi"):  # Hindi keeps Western digits and Indian grouping
        assert display.money(Decimal("123456.5"), "INR") == "₹1,23,456.50"


def test_left_or_over_never_shows_a_negative_left():
    assert display.left_or_over(Decimal("150"), "INR") == "₹150.00 left"
    assert display.left_or_over(Decimal("-150"), "INR") == "₹150.00 over"
    with translation.override("hi"):
        assert display.left_or_over(Decimal("-150"), "INR") == "₹150.00 ज़्यादा"


def test_amount_without_symbol_for_invoice_tables():
    assert display.amount(Decimal("1234567.5"), "INR") == "12,34,567.50"
    assert display.amount(Decimal("12.5"), "KWD") == "12.500"


def test_dates_and_months_one_way_per_language():
    day = dt.date(2026, 12, 4)
    assert display.date(day) == "4 Dec 2026" and display.day_month(day) == "4 Dec"
    assert display.month("2026-07") == "Jul 2026" and display.month(dt.date(2026, 7, 9)) == "Jul 2026"
    assert display.date("2026-12-04") == "4 Dec 2026" and display.date("nonsense") == ""
    with translation.override("hi"):
        assert display.date(day) == "4 दिस॰ 2026"


def test_times_in_the_time_zone_given_or_the_active_one():
    moment = dt.datetime(2026, 12, 4, 20, 5, tzinfo=dt.UTC)
    assert display.when(moment, "Asia/Kolkata") == "5 Dec 2026, 1:35\u202fAM"  # CLDR's narrow space
    assert display.when(moment, "America/New_York").startswith("4 Dec 2026, 3:05")
    from django.utils import timezone

    with timezone.override("Asia/Kolkata"):
        assert display.date(moment) == "5 Dec 2026"  # the local day, not UTC's
        assert display.iso(moment) == "2026-12-05T01:35:00+05:30"


def test_states_are_words_never_internal_names():
    assert display.state("partially_funded") == "partly funded"
    assert display.state("half_day") == "half day" and display.state("got") == "you got"
    assert display.state("some_new_state") == "some new state"
    with translation.override("hi"):
        assert display.state("partially_paid") == "आंशिक भुगतान"


def test_template_filters_use_the_formatter():
    html = Template('{% load hisaab %}{{ a|money:"INR" }}|{{ r|left_or_over:"INR" }}|{{ d|day }}|{{ s|state }}').render(
        Context({"a": Decimal("1234567.5"), "r": Decimal("-3"), "d": dt.date(2026, 12, 4), "s": "partially_paid"}))
    assert html == "₹12,34,567.50|₹3.00 over|4 Dec 2026|partly paid"


def test_a_phrase_is_read_in_each_language_with_formatted_arguments():
    said = say("%(actor)s added “%(what)s” (%(amount)s)", actor="Alice", what="Villa",
               amount=money_arg(Decimal("36000"), "INR"))
    assert said.english() == "Alice added “Villa” (₹36,000.00)"
    assert said.render("hi") == "Alice ने “Villa” जोड़ा (₹36,000.00)"
    due = say("%(bill)s is due %(due)s", bill="Rent", due=date_arg(dt.date(2026, 12, 4)))
    assert due.render("hi") == "Rent 4 दिस॰ 2026 को देय है"


@pytest.mark.django_db
def test_activity_lines_follow_the_readers_language(alice, bob):
    from social import selectors
    from social.actions import befriend, create_group, record_expense

    befriend(alice, other=bob)
    trip = create_group(alice, name="Goa trip", currency="INR", members=[bob.pk])
    record_expense(alice, group=trip, description="Villa", amount=Decimal("12450.00"), currency="INR",
                   date=dt.date(2026, 12, 4), paid_by=[{"user": alice.pk, "amount": Decimal("12450.00")}],
                   split={"method": "equal", "between": [alice.pk, bob.pk]})
    line = selectors.group_activity(trip).first()
    assert line.summary == "Alice added “Villa” (₹12,450.00)"  # the API's English words
    with translation.override("hi"):
        assert line.line() == "Alice ने “Villa” जोड़ा (₹12,450.00)"


def test_the_hindi_catalogue_is_complete_and_compiled():
    """Every message of locale/hi has a translation, and the .mo Django reads matches the .po."""
    from pathlib import Path

    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    folder = Path(__file__).resolve().parents[2] / "locale" / "hi" / "LC_MESSAGES"
    po = read_po((folder / "django.po").open("rb"))
    untranslated = [m.id for m in po if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    assert not untranslated
    assert not [m.id for m in po if m.id and m.fuzzy]
    mo = read_mo((folder / "django.mo").open("rb"))
    def table(catalog):
        def one(value):
            return value if isinstance(value, str) else tuple(value)

        return {(m.context, one(m.id)[0] if not isinstance(m.id, str) else m.id): one(m.string) for m in catalog if m.id}

    assert table(po) == table(mo)


def test_the_hindi_catalogue_defines_each_message_once():
    """A message defined twice (a merge that kept both sides) makes compilemessages (msgfmt)
    refuse the whole catalogue, though babel reads it."""
    import re
    from collections import Counter
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "locale" / "hi" / "LC_MESSAGES" / "django.po").read_text()

    def joined(part: str) -> str:
        return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', part))

    keys = []
    for block in text.split("\n\n"):
        live = "\n".join(line for line in block.splitlines() if not line.startswith("#")) + "\n"
        m = re.search(r"(?:msgctxt (.*?)\n)?msgid (.*?)\nmsgstr", live, re.S)
        if m and joined(m.group(2)):
            keys.append((joined(m.group(1) or ""), joined(m.group(2))))
    assert len(keys) > 100
    assert [k for k, n in Counter(keys).items() if n > 1] == []
