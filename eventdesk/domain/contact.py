"""Pure contact normalisers: emails, phones and company-name keys.

phonenumbers and email_validator are imported inside the functions: importing this module must stay
cheap because the CLI and the store import it on start-up (see tests/unit/test_layers.py).
"""

from __future__ import annotations

import re
import unicodedata

# RFC 5321 caps a path at 256 octets; anything longer is not an address and is not worth validating.
_MAX_EMAIL = 320
# phonenumbers refuses more than 250 characters anyway; checking first keeps junk cheap.
_MAX_PHONE = 250

DEFAULT_REGION = "US"

# Trailing words that only say what kind of legal entity a company is. Matching on the bare name lets
# "Hanse Robotics GmbH" on a badge meet "hanse robotics" in the target-account list.
LEGAL_SUFFIXES = frozenset({
    "ab", "ag", "as", "asa", "aps", "bhd", "bv", "cic", "co", "company", "corp", "corporation", "cv", "eg",
    "ev", "gbr", "gk", "gmbh", "inc", "incorporated", "kft", "kg", "kgaa", "kk", "limited", "llc", "llp",
    "lp", "ltd", "ltda", "mbh", "nv", "oy", "oyj", "pbc", "plc", "pte", "pty", "pvt", "sa", "sab", "sal",
    "sarl", "sas", "sasu", "sdn", "se", "sl", "sll", "slu", "spa", "sprl", "sro", "srl", "ug", "ulc", "vof",
    "zrt", "haftungsbeschrankt", "ooo", "oao", "zao",
})
# Characters removed without leaving a gap, so "S.L." becomes "sl" and "O'Brien" becomes "obrien".
_JOINERS = frozenset(".'’`´")


def normalise_email(text: str | None) -> str | None:
    """The address as validated: local part as given, domain lower-cased; None if empty or invalid."""
    if text is None:
        return None
    text = text.strip()
    if text[:7].lower() == "mailto:":
        text = text[7:].split("?", 1)[0].strip()
    if not text or len(text) > _MAX_EMAIL or "@" not in text:
        return None
    from email_validator import validate_email

    try:
        result = validate_email(text, check_deliverability=False)
    except Exception:  # EmailNotValidError, but also odd Unicode/IDNA errors: invalid is invalid
        return None
    local, _, domain = result.normalized.rpartition("@")
    return f"{local}@{domain.lower()}" if local and domain else None


def email_key(email: str | None) -> str | None:
    """The dedupe key for a person: the normalised email lower-cased (None when it is not an email)."""
    normal = normalise_email(email)
    return normal.lower() if normal else None


def email_domain(email: str | None) -> str | None:
    """The lower-cased domain of a valid email, for matching a person to a target account."""
    normal = normalise_email(email)
    return normal.rpartition("@")[2].lower() if normal else None


def normalise_phone(text: str | None, region: str | None = None) -> str | None:
    """E.164 (with ";ext=N" when the number has an extension); the stripped text when not a possible number.

    `region` (two letters, e.g. "DE") is used only for numbers written without a country code; None means
    "US", as for scans, so a number typed by hand and the same number scanned come out the same.
    """
    if text is None:
        return None
    text = text.strip()
    if text[:4].lower() == "tel:":
        # phonenumbers understands RFC 3966 only with the lower-case prefix
        text = "tel:" + text[4:].strip()
        if text == "tel:":
            return None
    if not text:
        return None
    if len(text) > _MAX_PHONE:
        return text
    import phonenumbers

    try:
        number = phonenumbers.parse(text, (region or DEFAULT_REGION).upper())
        possible = phonenumbers.is_possible_number_with_reason(number)
    except Exception:  # NumberParseException, or a bad region code
        return text
    if possible != phonenumbers.ValidationResult.IS_POSSIBLE:
        # too short, too long, or only dialable locally: keep what was typed rather than invent digits
        return text
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{e164};ext={number.extension}" if number.extension else e164


def normalise_company(name: str | None) -> str | None:
    """A key for matching company names: casefolded, accents and punctuation dropped, legal suffixes removed."""
    if name is None:
        return None
    text = unicodedata.normalize("NFKD", name.casefold())
    chars: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Mn":  # accents: "Société" and "Societe" are the same company
            continue
        if ch in _JOINERS:
            continue
        chars.append(" " if category[0] in "PSZC" else ch)
    words = "".join(chars).split()
    # Drop suffixes from the end only ("GmbH & Co. KG" is three of them), never the whole name.
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    key = " ".join(words)
    return re.sub(r"\s+", " ", key) or None
