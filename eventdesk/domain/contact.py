"""Contact normalisation: emails, phones and company names in the one form eventdesk compares and stores.

The libraries (email-validator, phonenumbers) are imported inside the functions: importing this module
stays cheap, so the CLI and the app start fast.
"""

from __future__ import annotations

import re
import unicodedata

LEGAL_SUFFIXES = frozenset({
    "gmbh", "ag", "ab", "as", "asa", "oy", "oyj", "ltd", "limited", "inc", "incorporated", "llc", "llp", "lp",
    "sl", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "plc", "corp", "corporation", "co", "company", "kg",
    "ug", "se", "pty", "pte", "kk", "aps",
})


def normalise_email(text: str | None) -> str | None:
    """A valid email with its domain lower-cased (the local part as given), or None."""
    if not text:
        return None
    candidate = text.strip().strip("<>").strip()
    if candidate.lower().startswith("mailto:"):
        candidate = candidate[7:].split("?", 1)[0]
    if not candidate or len(candidate) > 320 or "@" not in candidate:
        return None
    from email_validator import EmailNotValidError, validate_email

    try:
        info = validate_email(candidate, check_deliverability=False)
    except (EmailNotValidError, ValueError, UnicodeError):
        return None
    local, _, domain = info.normalized.rpartition("@")
    return f"{local}@{domain.lower()}"


def email_key(email: str | None) -> str | None:
    """The dedupe key of a person's email: the normalised address, lower-cased."""
    normalised = normalise_email(email)
    return normalised.lower() if normalised else None


def email_domain(email: str | None) -> str | None:
    normalised = normalise_email(email)
    return normalised.rpartition("@")[2] if normalised else None


def normalise_phone(text: str | None, region: str | None = None) -> str | None:
    """E.164 where the number parses as possible; otherwise the stripped original (never lose data)."""
    if text is None:
        return None
    raw = text.strip()
    if raw.lower().startswith("tel:"):
        raw = raw[4:].split(";", 1)[0]
    if not raw or not any(ch.isdigit() for ch in raw):
        return None
    if len(raw) > 64:
        return raw[:64]
    import phonenumbers

    try:
        number = phonenumbers.parse(raw, (region or "US").upper())
    except phonenumbers.NumberParseException:
        return raw
    if not phonenumbers.is_possible_number(number):
        return raw
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_company(name: str | None) -> str | None:
    """A key for matching company names: case, accents, punctuation and legal suffixes ignored."""
    if not name:
        return None
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("&", " and ")
    text = re.sub(r"\b(\w)\.", r"\1", text)  # dotted abbreviations: "s.l." -> "sl", "g.m.b.h." -> "gmbh"
    words = re.sub(r"\W+", " ", text).split()
    while len(words) > 1 and (words[-1] in LEGAL_SUFFIXES or words[-1] == "and"):  # "GmbH & Co. KG"
        words.pop()
    return " ".join(words) or None
