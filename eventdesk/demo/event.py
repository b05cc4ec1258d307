"""The demo event's settings, reps and target accounts (the shared samples, embedded so a wheel has them)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from string import Template

from eventdesk.domain.settings import EventSettings, load_toml
from eventdesk.domain.times import zone

# shared/samples/event.toml, plus campaign parameters and opening hours; the dates are filled in so
# the show is always running: it started yesterday and ends tomorrow.
EVENT_TOML = Template("""\
name = "Logistics Tech Expo 2026"
venue = "Messe Hall 4, Stand C12"
timezone = "Europe/Berlin"
start = $start
end = $end
landing_url = "https://example-vendor.com/expo26"
open_hours = [9, 18]
stages = ["new", "MQL", "SQL", "SAL", "disqualified"]

[goals]
leads = 400
hot_leads = 60
meetings = 45
tier1_accounts_reached = 12

[followup_deadline_hours]
hot = 24
warm = 72
cold = 168

[utm]
utm_source = "booth-qr"
utm_medium = "event"
utm_campaign = "expo26"

[[questions]]
key = "timeline"
text = "Buying timeline?"
choices = ["this quarter", "this year", "later", "just looking"]

[[questions]]
key = "fleet_size"
text = "Fleet size"
choices = ["<50", "50-500", ">500"]

[badge]
delimited_fields = ["id", "first", "last", "email", "title", "company", "city", "state", "zip", "phone"]
phone_region = "DE"
""")

SHOW_DAYS = 3


def demo_settings(now: datetime) -> EventSettings:
    """A three-day show whose second day is today (the date of `now` in the show's time zone)."""
    def parse(start: date) -> EventSettings:
        end = start + timedelta(days=SHOW_DAYS - 1)
        return load_toml(EVENT_TOML.substitute(start=start.isoformat(), end=end.isoformat()))

    today = now.astimezone(zone(parse(now.date()).timezone)).date()
    return parse(today - timedelta(days=1))


VENDOR = "example-vendor.com"
# (name, email, role): the four of shared/samples/reps.csv first.
REPS = (
    ("Dana Reyes", f"dana.reyes@{VENDOR}", "sales"),
    ("Marco Bianchi", f"marco.bianchi@{VENDOR}", "sales"),
    ("Li Wei", f"li.wei@{VENDOR}", "sales"),
    ("Sofia Andersson", f"sofia.andersson@{VENDOR}", "marketing"),
    ("Tomasz Wrona", f"tomasz.wrona@{VENDOR}", "sales"),
    ("Amara Eze", f"amara.eze@{VENDOR}", "marketing"),
)

# (name, domains, tier, owner email): the five of shared/samples/accounts.csv first, then invented ones.
SAMPLE_ACCOUNTS = (
    ("Tidewell Health", ("tidewell.health",), 1, REPS[0][1]),
    ("Brightwave Energy", ("brightwave.io", "brightwave.com"), 1, REPS[1][1]),
    ("Corvexa", ("corvexa.com",), 2, REPS[0][1]),
    ("Hanse Robotics GmbH", ("hanse-robotics.de",), 2, REPS[1][1]),
    ("Stackline Analytics", ("stackline.ai",), 3, REPS[2][1]),
)
# (name, main domain, tier); a second domain is added to some.
INVENTED_ACCOUNTS = (
    ("Nordhafen Freight", "nordhafen-freight.de", 1), ("Meridian Cold Chain", "meridian-coldchain.com", 1),
    ("Alpenkuehl Logistik AG", "alpenkuehl.de", 1), ("Vireo Fulfilment", "vireo-fulfilment.co.uk", 1),
    ("Grauwerk Automotive", "grauwerk-auto.de", 1), ("Lumora Retail Group", "lumora-retail.com", 1),
    ("Ostwind Spedition GmbH", "ostwind-spedition.de", 2), ("Baltic Crate Lines", "balticcrate.eu", 2),
    ("Kestrel Parcel", "kestrelparcel.co.uk", 2), ("Polderlane Distribution", "polderlane.nl", 2),
    ("Sundial Foods", "sundialfoods.com", 2), ("Harbor & Finch Pharma", "harborfinch-pharma.com", 2),
    ("Vintermo Frozen", "vintermo.se", 2), ("Carrara Tiles S.p.A.", "carraratiles.it", 2),
    ("Quayside Containers", "quaysidecontainers.co.uk", 2), ("Solvane Chemicals", "solvane.eu", 2),
    ("Petrel Airfreight", "petrel-air.com", 3), ("Mosel Wine Logistics", "moselwine-log.de", 3),
    ("Tallinna Cargo OU", "tallinnacargo.ee", 3), ("Brisk Couriers", "briskcouriers.ie", 3),
    ("Ferrovale Rail", "ferrovale.pt", 3), ("Glasshouse Grocers", "glasshousegrocers.co.uk", 3),
    ("Veldhoven Bikes", "veldhovenbikes.nl", 3), ("Orkney Seafood Traders", "orkneyseafood.co.uk", 3),
    ("Caspian Textiles", "caspiantextiles.com", 3), ("Lindqvist Timber", "lindqvist-timber.se", 3),
    ("Rheingold Brewing", "rheingold-brewing.de", 3), ("Saffron Spice Co", "saffronspice.co", 3),
    ("Danube Pharma Supply", "danubepharma.at", 3), ("Kobold Toys", "kobold-toys.de", 3),
    ("Peakline Outdoor", "peakline-outdoor.com", 3), ("Marisol Hotels", "marisolhotels.es", 3),
    ("Atlas Paper Mills", "atlaspapermills.fi", 3), ("Gdansk Shipyard Supply", "gdansksupply.pl", 3),
    ("Helvetic Medtech", "helvetic-medtech.ch", 3),
)


def accounts(rng: random.Random) -> list[tuple[str, tuple[str, ...], int, str]]:
    """40 target accounts over three tiers (8, 12, 20), each owned by a sales rep."""
    sales = [email for _, email, role in REPS if role == "sales"]
    out = list(SAMPLE_ACCOUNTS)
    for name, domain, tier in INVENTED_ACCOUNTS:
        domains: tuple[str, ...] = (domain,)
        if rng.random() < 0.3:
            stem, _, tld = domain.partition(".")
            domains = (domain, f"{stem}.com" if tld != "com" else f"{stem}.eu")
        out.append((name, domains, tier, rng.choice(sales)))
    return out
