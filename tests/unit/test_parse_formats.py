"""Badge formats beyond the samples: the awkward things real scanners and badge printers produce."""

from __future__ import annotations

import json
import time

import pytest

from eventdesk.capture.badge import ParsedBadge, ParseOutcome, with_attendee
from eventdesk.capture.parse import parse_payload
from eventdesk.domain.contact import email_domain, email_key, normalise_company, normalise_email, normalise_phone


def parse(text: str, **kw: object) -> ParseOutcome:
    outcome = parse_payload(text, **kw)  # type: ignore[arg-type]
    assert outcome.message and "\n" not in outcome.message
    return outcome


def badge(text: str, **kw: object) -> ParsedBadge:
    outcome = parse(text, **kw)
    assert outcome.kind == "badge", outcome
    assert outcome.badge is not None
    return outcome.badge


# --- vCard -------------------------------------------------------------------------------------------

VCARD21 = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;Dr.;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BC=\r\nller\r\n"
    "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Stra=C3=9Fenbau AG;Eink=\r\nauf\r\n"
    "TITLE:Leiter\r\n  Einkauf\r\n"
    "TEL;WORK;VOICE:030 901820\r\nTEL;PREF;CELL:+49 171 1234567\r\n"
    "EMAIL;INTERNET:privat@example.org\r\nEMAIL;PREF;INTERNET:j.mueller@Strassenbau.DE\r\n"
    "END:VCARD"
)


def test_vcard21_quoted_printable_charset_folding_and_pref() -> None:
    b = badge(VCARD21, default_region="DE")
    assert b.format == "vcard"
    assert (b.first_name, b.last_name, b.company, b.title) == ("Jürgen", "Müller", "Straßenbau AG", "Leiter Einkauf")
    assert (b.email, b.phone) == ("j.mueller@strassenbau.de", "+491711234567")
    assert ("department", "Einkauf") in b.extra and ("name_prefix", "Dr.") in b.extra
    assert parse(VCARD21).message == "vCard 2.1: Jürgen Müller, Straßenbau AG"


def test_vcard3_type_pref_skips_fax_and_reads_address_and_badge_property() -> None:
    text = ("BEGIN:VCARD\nVERSION:3.0\nFN:Ana Souza\nTEL;TYPE=FAX,PREF:+1 212 555 0100\n"
            "TEL;TYPE=work:+1 212 555 0199\nEMAIL;TYPE=INTERNET:other@acme.example\n"
            "EMAIL;TYPE=INTERNET,PREF:ana@acme.example\nUID:urn:uuid:0f6e-11aa\nX-EXPO-BADGE:EXPO-77\n"
            "ADR;TYPE=work:;;1 Main St;Springfield;IL;62701;USA\nORG:Acme\\, Inc.;R&D\nEND:VCARD")
    b = badge(text)
    assert (b.first_name, b.last_name) == ("Ana", "Souza")  # no N: the FN split
    assert (b.email, b.phone, b.badge_id, b.company) == ("ana@acme.example", "+12125550199", "EXPO-77", "Acme, Inc.")
    assert {("city", "Springfield"), ("state", "IL"), ("zip", "62701"), ("department", "R&D")} <= set(b.extra)


def test_vcard4_pref_number_uri_tel_and_uid() -> None:
    text = ("BEGIN:VCARD\nVERSION:4.0\nFN:Ana Souza\nN:Souza;Ana;;;\nEMAIL;PREF=2:second@example.com\n"
            "EMAIL;PREF=1:first@example.com\nTEL;VALUE=uri;TYPE=\"voice,work\":tel:+34-91-555-0199\n"
            "UID:urn:uuid:a1b2-c3d4\nURL:https://example.com/ana\nEND:VCARD")
    b = badge(text)
    assert (b.email, b.phone, b.badge_id, b.url) == (
        "first@example.com", "+34915550199", "a1b2-c3d4", "https://example.com/ana")
    assert parse(text).message == "vCard 4.0: Ana Souza"


@pytest.mark.parametrize("broken", [
    "BEGIN:VCARD\nVERSION:3.0\nN:Kim;Jae\nEMAIL:jae@example.com\nBROKEN LINE WITHOUT COLON\nEND:VCARD",
    "BEGIN:VCARD\nVERSION:3.0\nN:Kim;Jae\nEMAIL;TYPE=\"work:jae@example.com\nEND:VCARD",
    "BEGIN:VCARD\nVERSION:3.0\nN:Kim;Jae\nEMAIL:jae@example.com",                          # cut short
    "BEGIN:VCARD\nVERSION:3.0\nN:Kim;Jae\nORG;CHARSET=NOPE;ENCODING=QUOTED-PRINTABLE:Caf=C3=A9\nEMAIL:jae@example.com\n",
    "BEGIN:VCARD\nVERSION:9.9\nN:Kim;Jae\nEMAIL:jae@example.com\nEND:VCARD",
])
def test_broken_vcard_still_gives_the_person(broken: str) -> None:
    b = badge(broken)
    assert (b.first_name, b.last_name) == ("Jae", "Kim")
    assert b.email == "jae@example.com"


def test_vcard_line_that_would_make_vobject_backtrack_returns_at_once() -> None:
    # vobject's content-line regex needs minutes for this line; the guard hands the card to our reader.
    text = "BEGIN:VCARD\nVERSION:3.0\nN:Kim;Jae\nEMAIL:jae@example.com\n" + "A;" * 60 + "\nEND:VCARD"
    started = time.monotonic()
    b = badge(text)
    assert b.email == "jae@example.com" and time.monotonic() - started < 5


def test_vcard_with_vendor_prefix_and_no_contact_details() -> None:
    assert badge("]Q1BEGIN:VCARD\nVERSION:3.0\nN:Berg;Henrik\nEND:VCARD").last_name == "Berg"
    assert parse("BEGIN:VCARD\nVERSION:3.0\nEND:VCARD").kind == "unmatched"


# --- MECARD ------------------------------------------------------------------------------------------

def test_mecard_escapes_and_vendor_id() -> None:
    b = badge(r"MECARD:N:O\,Brien,Siobhan;ORG:Celtic\; Wave\: Ltd \\ Co;TEL:;EMAIL:siobhan@celticwave.ie;UID:U-77;;")
    assert (b.first_name, b.last_name, b.company) == ("Siobhan", "O,Brien", "Celtic; Wave: Ltd \\ Co")
    assert (b.badge_id, b.phone, b.email) == ("U-77", None, "siobhan@celticwave.ie")


def test_mecard_first_last_order_and_id_only() -> None:
    b = badge("MECARD:N:Ana Lima;ID:X1234;TEL:+1 (415) 555-0142;NOTE:met at keynote;;")
    assert (b.first_name, b.last_name, b.badge_id, b.phone) == ("Ana", "Lima", "X1234", "+14155550142")
    assert ("note", "met at keynote") in b.extra
    only_id = parse("MECARD:CONF:7QX2KD9LPW;;")
    assert only_id.kind == "lookup" and only_id.badge and only_id.badge.badge_id == "7QX2KD9LPW"


def test_bizcard() -> None:
    b = badge("BIZCARD:N:Sean;X:Owen;T:Engineer;C:Google;B:+12125551212;E:sean@google.example;;")
    assert (b.first_name, b.last_name, b.title, b.company, b.phone) == (
        "Sean", "Owen", "Engineer", "Google", "+12125551212")


# --- delimited ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("delimiter", ["|", "\t", ";", "^"])
def test_delimited_with_empty_fields_and_trailing_delimiters(delimiter: str) -> None:
    cells = ["B77", "Ola", "Nordmann", "ola@example.no", "", "Fjord AS", "Oslo", "", "0150", ""]
    b = badge(delimiter.join(cells) + delimiter * 3, default_region="NO")
    assert (b.badge_id, b.first_name, b.last_name, b.email, b.company, b.title, b.phone) == (
        "B77", "Ola", "Nordmann", "ola@example.no", "Fjord AS", None, None)
    assert b.format == "delimited" and ("city", "Oslo") in b.extra


def test_delimited_region_us_when_state_or_zip_look_american() -> None:
    us = badge("X1^Jo^Li^jo@li.example^^Li Co^Austin^TX^78701^512-555-0187", default_region="DE")
    assert us.phone == "+15125550187"
    de = badge("X1^Jo^Li^jo@li.example^^Li Co^Berlin^BE^10115^030 901820", default_region="DE")
    assert de.phone == "+4930901820"


def test_delimited_field_order_and_extra_from_settings() -> None:
    b = badge("Smith|Jo|jo@smith.example|S-100|Gold|x", delimited_fields=("last", "first", "email", "id", "tier"))
    assert (b.first_name, b.last_name, b.badge_id) == ("Jo", "Smith", "S-100")
    assert b.extra == (("tier", "Gold"), ("field_6", "x"))


def test_delimited_needs_to_look_like_a_record() -> None:
    assert parse("Hello; how are you; fine").kind == "unmatched"
    b = badge("Ana^Lima^ana@unknown.example")           # shorter than the settings say: the address is the email
    assert b.email == "ana@unknown.example" and b.last_name is None
    assert badge("7QX2KD9LPW^Henrik^Berg^^CTO^Fjordsoft").title == "CTO"


# --- JSON --------------------------------------------------------------------------------------------

def test_json_nested_under_attendee() -> None:
    text = json.dumps({"event": "expo26", "attendee": {"givenName": "Mia", "familyName": "Park",
                                                        "e-mail": "mia@park.example", "organisation": "Park Co",
                                                        "position": "CFO", "mobile": "+44 20 7946 0958"}})
    b = badge(text)
    assert (b.first_name, b.last_name, b.email, b.company, b.title, b.phone) == (
        "Mia", "Park", "mia@park.example", "Park Co", "CFO", "+442079460958")
    assert ("event", "expo26") in b.extra


def test_json_name_key_numeric_id_and_spellings() -> None:
    b = badge(json.dumps({"fullName": "Lee Van Cleef", "emailAddress": "lee@example.com", "badgeId": 42}))
    assert (b.first_name, b.last_name, b.badge_id, b.email) == ("Lee Van", "Cleef", "42", "lee@example.com")
    b = badge(json.dumps({"data": {"first_name": "Ada", "surname": "Lovelace", "companyName": "Engines"}}))
    assert (b.first_name, b.last_name, b.company) == ("Ada", "Lovelace", "Engines")
    b = badge(json.dumps({"name": {"first": "Ada", "last": "Lovelace"}, "mail": "ada@calc.example"}))
    assert (b.first_name, b.last_name) == ("Ada", "Lovelace")


def test_json_without_a_person() -> None:
    assert parse('{"foo": 1, "bar": [1, 2]}').kind == "unmatched"
    assert parse('{"id": "A-1"}').kind == "lookup"
    assert parse('{"firstName": "Ann", ').kind == "unmatched"


# --- URLs --------------------------------------------------------------------------------------------

def test_url_query_parameters() -> None:
    b = badge("https://reg.example.com/scan?badge_id=X9&firstname=Ann&lastname=Ho&email=ann%40ho.example"
              "&co=Ho%20%26%20Sons&utm_source=qr")
    assert (b.badge_id, b.first_name, b.last_name, b.email, b.company) == (
        "X9", "Ann", "Ho", "ann@ho.example", "Ho & Sons")
    assert b.url is None and b.extra == ()
    assert badge("https://app.example.com/#/badge?aid=5521&fn=Jo&ln=Ng").badge_id == "5521"


def test_url_with_only_an_id_is_looked_up() -> None:
    outcome = parse("https://reg.example-expo.com/b?aid=99120")
    assert outcome.kind == "lookup" and outcome.badge and outcome.badge.badge_id == "99120"


def test_profile_url_is_kept_as_the_link() -> None:
    b = badge("https://expo.example.com/attendees/EX-12345")
    assert (b.format, b.badge_id, b.url) == ("url", "EX-12345", "https://expo.example.com/attendees/EX-12345")
    linkedin = badge("https://www.linkedin.com/in/maja-lindqvist-12ab34")
    assert linkedin.badge_id is None and linkedin.url == "https://www.linkedin.com/in/maja-lindqvist-12ab34"


# --- what is not a badge -----------------------------------------------------------------------------

@pytest.mark.parametrize(("payload", "words"), [
    ("WIFI:T:WPA;S:ExpoHall\\;Guest;P:welcome2026;;", "Wi-Fi network credentials (ExpoHall;Guest)"),
    ("geo:52.52,13.40?q=Messe", "map location"),
    ("SMSTO:+4917012345:hello", "SMS text message to +4917012345"),
    ("sms:+15551234?body=hi", "SMS"),
    ("tel:+15551234", "phone number"),
    ("BEGIN:VEVENT\nSUMMARY:Booth party\nEND:VEVENT", "calendar entry (Booth party)"),
    ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Talk\r\nEND:VEVENT\r\nEND:VCALENDAR", "calendar entry"),
    ("MATMSG:TO:x@y.example;SUB:hi;BODY:yo;;", "email message"),
    ("bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa?amount=1", "payment"),
    ("otpauth://totp/Expo?secret=JBSWY3DPEHPK3PXP", "two-factor"),
    ("https://example.com/", "web link to example.com"),
    ("https://news.example.org/story?page=2", "web link"),
    ("ftp://files.example.com/x", "link"),
    ("mailto:?subject=hello", "email link"),
])
def test_non_badges_are_refused_saying_what(payload: str, words: str) -> None:
    outcome = parse(payload)
    assert outcome.kind == "refused" and outcome.badge is None
    assert outcome.message.startswith("Not a badge: ") and words in outcome.message
    assert "welcome2026" not in outcome.message and "JBSWY3DPEHPK3PXP" not in outcome.message  # no secrets


@pytest.mark.parametrize("payload", ["", "   \r\n", "hello world", "???", "abc", "XJ-??-blob", "x" * 100_000,
                                     "{not json}", "a;b"])
def test_unrecognised_is_unmatched(payload: str) -> None:
    outcome = parse(payload)
    assert outcome.kind == "unmatched" and outcome.badge is None


def test_bare_email_mailto_and_bare_id() -> None:
    assert badge("  Sam.W@Ridgeway.CO.UK\r\n").email == "Sam.W@ridgeway.co.uk"
    assert badge("mailto:Someone@Example.COM?subject=hi").email == "Someone@example.com"
    lookup = parse("]Q1EXPO26-000417\r")
    assert lookup.kind == "lookup" and lookup.badge == ParsedBadge(format="bare_id", badge_id="EXPO26-000417")
    assert parse("ABCDEFGH").kind == "unmatched"          # no digit: a word, not an id


def test_crlf_and_cr_are_newlines() -> None:
    for newline in ("\r\n", "\r", "\n"):
        text = newline.join(["BEGIN:VCARD", "VERSION:3.0", "N:Kim;Jae", "EMAIL:jae@example.com", "END:VCARD"])
        assert badge(text).email == "jae@example.com"


def test_with_attendee_fills_gaps_and_normalises() -> None:
    row = {"badge_id": "EXPO26-000420", "first_name": " O'Brien ", "last_name": "Siobhan",
           "email": "Siobhan@CelticWave.IE", "company": "Celtic Wave, Ltd.", "title": "CEO", "phone": "+353 1 555 0100"}
    filled = with_attendee(ParsedBadge(format="bare_id", badge_id="expo26-000420"), row)
    assert filled.fields() == {
        "badge_id": "EXPO26-000420", "first_name": "O'Brien", "last_name": "Siobhan",
        "email": "Siobhan@celticwave.ie", "phone": "+35315550100", "company": "Celtic Wave, Ltd.", "title": "CEO"}
    own = with_attendee(ParsedBadge(format="url", badge_id="X1", email="me@own.example"), {"email": "x@y.example"})
    assert own.email == "me@own.example"
    national = with_attendee(ParsedBadge(format="bare_id", badge_id="X1"), {"phone": "030 901820"}, "DE")
    assert national.phone == "+4930901820"


# --- contact normalisers -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "region", "expected"), [
    ("tel:+34-91-555-0199", None, "+34915550199"),
    ("TEL:+34-91-555-0199", None, "+34915550199"),
    ("+34-91-555-0199", None, "+34915550199"),
    ("(512) 555-0187", None, "+15125550187"),           # no region: US, as for scans
    ("030 901820", "DE", "+4930901820"),
    ("0044 20 7946 0958", "DE", "+442079460958"),
    ("+1 201 555 0123 ext. 12", None, "+12015550123;ext=12"),
    ("  12  ", "US", "12"),                             # too short: kept as typed, never lost
    ("call me maybe", "US", "call me maybe"),
    ("+1 415 555 0142", "ZZ", "+14155550142"),
    ("030 901820", "ZZ", "030 901820"),                 # an unknown region: kept as typed
    ("", None, None), ("   ", None, None), (None, None, None), ("tel:", None, None),
])
def test_normalise_phone(text: str | None, region: str | None, expected: str | None) -> None:
    assert normalise_phone(text, region) == expected


def test_normalise_email_key_and_domain() -> None:
    assert normalise_email("  Ana.B@Example.COM ") == "Ana.B@example.com"
    assert normalise_email("mailto:ana@example.com?subject=x") == "ana@example.com"
    assert normalise_email("jörg@Müller.DE") == "jörg@müller.de"
    for bad in (None, "", "   ", "not an email", "a@b", "a..b@example.com", "x" * 400 + "@example.com"):
        assert normalise_email(bad) is None, bad
    assert email_key("Ana.B@Example.COM") == "ana.b@example.com" == email_key("ana.b@example.com")
    assert email_key("nope") is None
    assert email_domain("Ana@Sub.Example.COM") == "sub.example.com" and email_domain("nope") is None


@pytest.mark.parametrize(("a", "b"), [
    ("Hanse Robotics GmbH", "hanse robotics"),
    ("Quantia Data S.L.", "QUANTIA DATA"),
    ("Celtic Wave, Ltd.", "Celtic Wave"),
    ("Kraftwerk IT GmbH & Co. KG", "kraftwerk it"),
    ("Société Générale S.A.", "Societe Generale"),
    ("Nordlicht Logistics AB", "Nordlicht-Logistics"),
    ("O'Brien Holdings Inc.", "OBrien Holdings, Inc"),
])
def test_normalise_company_same_key(a: str, b: str) -> None:
    assert normalise_company(a) == normalise_company(b) is not None


def test_normalise_company_edges() -> None:
    assert normalise_company("Hanse Robotics GmbH") == "hanse robotics"
    assert normalise_company("AG") == "ag"                 # a suffix alone is still a name
    assert normalise_company("  ") is None and normalise_company(None) is None
    assert normalise_company("Acme") != normalise_company("Acme Robotics")
