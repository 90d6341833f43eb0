"""The one place that reads the clock: "today" in Paris (the default ``as_of``)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def today_paris() -> date:
    return datetime.now(PARIS).date()

