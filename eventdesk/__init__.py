"""eventdesk: a trade-show booth app that keeps sales and marketing on one picture of the day."""

__version__ = "0.1.0"
