"""Publication times as outlets print them, read into timezone-aware datetimes (WIB by default)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from .rules import cached, read_toml

WIB = timezone(timedelta(hours=7))


@cached
def _tables():
    data = read_toml("dates.toml")
    months = {k.lower(): int(v) for k, v in data["months"].items()}
    zones = {k.lower(): v for k, v in data["timezones"].items()}
    month_re = "|".join(sorted(months, key=len, reverse=True))
    zone_re = "|".join(sorted(zones, key=len, reverse=True))
    time_re = rf"(?:\D{{0,4}}?(?P<h>\d{{1,2}})[:.](?P<mi>\d{{2}})(?::(?P<s>\d{{2}}))?)?\s*(?P<tz>{zone_re})?\b"
    named = re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<mo>{month_re})\.?\s+(?P<y>\d{{4}}){time_re}", re.I)
    numeric = re.compile(rf"\b(?P<d>\d{{1,2}})/(?P<mo>\d{{1,2}})/(?P<y>\d{{4}}){time_re}", re.I)
    relative = {tuple(k.split()): int(v) for k, v in data["relative_years"].items()}
    return months, zones, named, numeric, relative


def relative_years() -> dict[tuple[str, ...], int]:
    return _tables()[4]


def _zone(name: str | None, zones: dict) -> timezone:
    if not name:
        return WIB
    sign, hh, mm = zones[name.lower()][0], zones[name.lower()][1:3], zones[name.lower()][4:6]
    delta = timedelta(hours=int(hh), minutes=int(mm))
    return timezone(delta if sign == "+" else -delta)


def parse_published(text) -> datetime | None:
    """`2025-05-01T15:00:50`, `Jumat, 20 Jun 2025 10:55 WIB`, `Kompas.com- 18/06/2025, 20:41 WIB`... -> datetime.

    Times without a zone are WIB. Returns None when no date can be read.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    text = text.strip()
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return value if value.tzinfo else value.replace(tzinfo=WIB)
    except ValueError:
        pass
    months, zones, named, numeric, _ = _tables()
    for pattern in (named, numeric):
        m = pattern.search(text)
        if not m:
            continue
        mo = m["mo"]
        month = int(mo) if mo.isdigit() else months[mo.lower()]
        try:
            return datetime(int(m["y"]), month, int(m["d"]), int(m["h"] or 0), int(m["mi"] or 0), int(m["s"] or 0),
                            tzinfo=_zone(m["tz"], zones))
        except ValueError:
            return None
    return None
