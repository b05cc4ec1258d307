"""Ratings, shared by both teams: what hot, warm and cold mean, and which is hotter."""

from __future__ import annotations

RATINGS = ("hot", "warm", "cold")
UNRATED = "unrated"
ALL_RATINGS = (*RATINGS, UNRATED)

MEANING = {
    "hot": "ready to talk to sales now: need, budget or timeline named",
    "warm": "real interest, no near-term project yet",
    "cold": "stopped by, no fit or no interest shown",
    UNRATED: "not rated yet",
}

_HEAT = {"hot": 3, "warm": 2, "cold": 1, UNRATED: 0}


def heat(rating: str | None) -> int:
    return _HEAT.get(rating or UNRATED, 0)


def hottest(*ratings: str | None) -> str:
    """The hottest of several ratings (merging one person seen on two laptops keeps the hottest)."""
    best = max(ratings, key=heat, default=UNRATED)
    return best or UNRATED


def check_rating(value: str) -> str:
    value = value.strip().lower()
    if value not in ALL_RATINGS:
        raise ValueError(f"rating must be one of {', '.join(ALL_RATINGS)}, not {value!r}")
    return value
