"""Badge URLs: person fields in the query string, or a profile page kept as the lead's link."""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit

from eventdesk.capture.badge import ParseOutcome
from eventdesk.capture.formats.common import looks_like_id, make_badge, snippet
from eventdesk.capture.formats.jsonobj import collect, from_mapping

# Query parameter spellings (compared lower-cased without '_', '-', '.').
PARAMS: dict[str, tuple[str, ...]] = {
    "badge_id": ("aid", "badgeid", "badge", "attendeeid", "id", "uid", "regid", "registrationid", "ticketid"),
    "first": ("fn", "first", "firstname", "givenname"),
    "last": ("ln", "last", "lastname", "surname", "familyname"),
    "email": ("em", "email", "mail", "emailaddress"),
    "company": ("co", "company", "org", "organization", "organisation", "companyname"),
    "title": ("title", "jt", "jobtitle", "position"),
    "phone": ("ph", "phone", "tel", "mobile", "phonenumber"),
    "name": ("name", "fullname"),
}
# Path words that mark a page about one person.
PROFILE_WORDS = frozenset({
    "profile", "profiles", "attendee", "attendees", "people", "person", "user", "users", "member", "members",
    "badge", "badges", "visitor", "visitors", "delegate", "delegates", "contact", "contacts", "participant",
    "participants", "speaker", "speakers", "lead", "leads", "vcard", "card", "in",
})
# Social networks: a profile slug there is a name, never a badge id.
SOCIAL = ("linkedin.com", "xing.com", "twitter.com", "x.com", "github.com", "facebook.com", "instagram.com")
MAX_QUERY = 4096


def _host(netloc_host: str | None) -> str:
    host = (netloc_host or "").lower()
    return host[4:] if host.startswith("www.") else host


def parse_url(text: str, region: str | None) -> ParseOutcome:
    """`text` is an http(s) URL without spaces; unrelated pages are refused."""
    try:
        parts = urlsplit(text)
        host = _host(parts.hostname)
        query = parts.query[:MAX_QUERY]
        fragment = parts.fragment[:MAX_QUERY]
        if "=" in fragment:                           # single-page apps: '#/badge?aid=...'
            query += "&" + (fragment.split("?", 1)[1] if "?" in fragment else fragment)
        params = parse_qsl(query, keep_blank_values=False)
    except ValueError:                                # a malformed host, e.g. 'http://[::1'
        return ParseOutcome("refused", None, f"Not a badge: a malformed link ({snippet(text, 40)})")
    # Campaign tags say how the link was shared, nothing about the person.
    mapping = {k: v for k, v in params if not k.lower().startswith("utm_")}
    found, _ = collect(mapping, PARAMS)
    if found:
        return from_mapping(mapping, "url", region, "Badge link", PARAMS)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    social = any(host == s or host.endswith("." + s) for s in SOCIAL)
    words = {s.lower() for s in segments[:-1]}
    if segments and (words & PROFILE_WORDS or (social and len(segments) >= 2)):
        last = segments[-1]
        badge = make_badge("url", region, badge_id=None if social or not looks_like_id(last) else last, url=text)
        return ParseOutcome("badge", badge, f"Profile link: {snippet(host + parts.path, 80)}")
    return ParseOutcome("refused", None, f"Not a badge: a web link to {host or 'a website'} with no attendee in it")
