"""Badge formats beyond the samples: the awkward cases real scanners produce."""

from __future__ import annotations

import json

import pytest

from eventdesk.capture.parse import parse_payload
from eventdesk.domain.contact import email_key, normalise_company, normalise_email, normalise_phone


def badge(text: str, **kw):  # type: ignore[no-untyped-def]
    outcome = parse_payload(text, **kw)
    assert outcome.kind == "badge", outcome
    return outcome.badge


def test_vcard21_quoted_printable_folded_and_pref() -> None:
    text = ("BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen\r\n"
            "ORG:Kraftwerk IT GmbH;Einkauf\r\nTITLE:Leiter\r\n  Einkauf\r\nEMAIL;INTERNET:privat@example.org\r\n"
            "EMAIL;PREF;INTERNET:j.mueller@kraftwerk-it.de\r\nTEL;WORK:030 901820\r\nEND:VCARD")
    b = badge(text, default_region="DE")
    assert (b.first_name, b.last_name, b.company) == ("Jürgen", "Müller", "Kraftwerk IT GmbH")
    assert b.email == "j.mueller@kraftwerk-it.de" and b.phone == "+4930901820"
    assert b.title == "Leiter Einkauf"


def test_vcard4_pref_parameter_and_fn_only() -> None:
    text = ("BEGIN:VCARD\nVERSION:4.0\nFN:Ana Souza\nEMAIL;PREF=2:second@example.com\n"
            "EMAIL;PREF=1:first@example.com\nEND:VCARD")
    b = badge(text)
    assert (b.first_name, b.last_name, b.email) == ("Ana", "Souza", "first@example.com")


def test_broken_vcard_still_gives_a_person() -> None:
    b = badge("BEGIN:VCARD\nVERSION:3.0\nN:Kim;Jae\nEMAIL:jae@example.com\nBROKEN LINE WITHOUT COLON\n")
    assert (b.first_name, b.last_name, b.email) == ("Jae", "Kim", "jae@example.com")


def test_mecard_escapes_and_first_last_order() -> None:
    b = badge(r"MECARD:N:Ana Lima;ORG:Foo\; Bar\, Ltd;EMAIL:ana@foo.example;UID:U-77;;")
    assert (b.first_name, b.last_name, b.company, b.badge_id) == ("Ana", "Lima", "Foo; Bar, Ltd", "U-77")


@pytest.mark.parametrize("delimiter", ["|", "\t", ";", "^"])
def test_delimited_with_empty_fields_and_trailing_delimiters(delimiter: str) -> None:
    cells = ["B77", "Ola", "Nordmann", "ola@example.no", "", "Fjord AS", "", "", "", ""]
    b = badge(delimiter.join(cells) + delimiter * 2)
    assert (b.badge_id, b.first_name, b.last_name, b.email, b.company, b.title) == (
        "B77", "Ola", "Nordmann", "ola@example.no", "Fjord AS", None)


def test_delimited_field_order_from_settings() -> None:
    b = badge("Smith|Jo|jo@smith.example|S-1", delimited_fields=("last", "first", "email", "id"))
    assert (b.first_name, b.last_name, b.badge_id) == ("Jo", "Smith", "S-1")


def test_json_nested_and_name_key() -> None:
    nested = json.dumps({"event": "expo", "attendee": {"given_name": "x", "first_name": "Mia", "surname": "Park",
                                                       "mail": "mia@park.example", "organization": "Park Co"}})
    b = badge(nested)
    assert (b.first_name, b.last_name, b.email, b.company) == ("Mia", "Park", "mia@park.example", "Park Co")
    b = badge(json.dumps({"name": "Lee Van Cleef", "email": "lee@example.com", "badgeId": 42}))
    assert (b.first_name, b.last_name, b.badge_id) == ("Lee Van", "Cleef", "42")


def test_url_variants() -> None:
    b = badge("https://reg.example.com/scan?badge_id=X9&first=Ann&last=Ho&email=ann%40ho.example")
    assert (b.badge_id, b.first_name, b.email) == ("X9", "Ann", "ann@ho.example")
    outcome = parse_payload("https://expo.example.com/attendee/EX-12345")
    assert outcome.kind == "lookup" and outcome.badge and outcome.badge.badge_id == "EX-12345"


@pytest.mark.parametrize(("payload", "words"), [
    ("WIFI:T:WPA;S:Hall4;P:secret;;", "Wi-Fi"),
    ("geo:52.52,13.40", "map location"),
    ("SMSTO:+4917012345:hello", "text message"),
    ("BEGIN:VEVENT\nSUMMARY:Party\nEND:VEVENT", "calendar"),
    ("https://example.com/", "link to example.com"),
    ("https://news.example.org/story?id=", "link"),
])
def test_non_badges_are_refused_saying_what(payload: str, words: str) -> None:
    outcome = parse_payload(payload)
    assert outcome.kind == "refused" and words in outcome.message


@pytest.mark.parametrize("payload", ["", "   ", "hello world", "???", "x" * 100_000])
def test_unrecognised_is_unmatched(payload: str) -> None:
    assert parse_payload(payload).kind == "unmatched"


def test_mailto_is_an_email_badge() -> None:
    assert badge("mailto:Someone@Example.COM").email == "Someone@example.com"


def test_contact_normalisers() -> None:
    assert normalise_email("  Ana@Example.COM ") == "Ana@example.com"
    assert email_key("Ana@Example.COM") == "ana@example.com"
    assert normalise_email("not an email") is None
    assert normalise_phone("(512) 555-0187") == "+15125550187"
    assert normalise_phone("030 901820", "DE") == "+4930901820"
    assert normalise_phone("ext. 12") == "ext. 12"  # kept as typed, never lost
    assert normalise_phone("") is None
    assert normalise_company("Hanse Robotics GmbH") == normalise_company("hanse  robotics") == "hanse robotics"
    assert normalise_company("Quantia Data S.L.") == "quantia data"
