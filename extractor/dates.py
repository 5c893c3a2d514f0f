"""Dates and times as outlets print them, read by one parser into timezone-aware datetimes (WIB by default).

Every date the tool reads (JSON-LD and meta values, printed datelines, sitemap and feed dates,
`--published`) goes through `read_date`, so a layout learned once is read everywhere. The
vocabulary (month and day names, zones, 12-hour words, relative units) is in patterns/dates.toml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from .rules import cached, read_toml

WIB = timezone(timedelta(hours=7))
MAX_CHARS = 300  # a date is read from the start of a string: a long text is cut, the cost stays bounded


@dataclass(frozen=True)
class When:
    """A date read from a string. `has_time` is False for a date alone (`2022-06-28+07:00`,
    `12 September 2021`): its value is that day's midnight in WIB, whatever zone was written."""
    value: datetime
    has_time: bool

    def isoformat(self) -> str:
        return self.value.isoformat() if self.has_time else self.value.date().isoformat()


@dataclass(frozen=True)
class _Tables:
    months: dict[str, int]
    zones: dict[str, timezone]
    meridiem: dict[str, str]
    units: dict[str, int]
    iso: re.Pattern
    dates: tuple[re.Pattern, ...]
    clock: re.Pattern
    relative: re.Pattern
    relative_years: dict[tuple[str, ...], int]
    days: dict[str, int]            # `hari ini` 0, `kemarin` -1
    relative_day: re.Pattern
    gap: re.Pattern                 # what stands between a date and its clock: `, `, ` | `, ` pukul `


def _offset(text: str) -> timezone:
    """`+07:00`, `+0700`, `-03`, `+7` -> a timezone."""
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cached
def _tables() -> _Tables:
    data = read_toml("dates.toml")
    months = {k.lower(): int(v) for k, v in data["months"].items()}
    zones = {k.lower(): _offset(v) for k, v in data["timezones"].items()}
    meridiem = {k.lower(): v for k, v in data["meridiem"].items()}
    units = {k.lower(): int(v) for k, v in data["relative_units"].items()}
    month = rf"(?P<mo>{_alternation(months)})\.?"
    year = r"(?P<y>\d{4})"
    day = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    dates = (
        re.compile(rf"\b{day}[\s-]{{1,3}}{month},?[\s-]{{1,3}}{year}\b", re.I),         # 28 Juni 2022, 28-Jun-2022
        re.compile(rf"\b{month}\s{{1,3}}{day},?\s{{1,3}}{year}\b", re.I),               # Jun 28, 2022
        re.compile(r"\b(?P<d>\d{1,2})([/.-])(?P<mo>\d{1,2})\2(?P<y>\d{4})\b"),          # 28/06/2022
        re.compile(r"\b(?P<y>\d{4})([/.-])(?P<mo>\d{1,2})\2(?P<d>\d{1,2})\b"),          # 2022/06/28
    )
    zone = rf"(?P<tz>{_alternation(zones)})\b(?:\s{{0,2}}(?P<tzoff>[+-]\d{{1,2}}(?::?\d{{2}})?))?|(?P<off>[+-]\d{{2}}:?\d{{2}})\b"
    clock = re.compile(
        r"(?<![\d:.])(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:[:.](?P<s>\d{2})(?:\.\d{1,9})?)?(?!\d|[:.]\d)"
        rf"(?:\s{{0,2}}(?P<ampm>{_alternation(meridiem)})(?![\w.]))?(?:\s{{0,2}}(?:{zone}))?"
        rf"(?:\s{{0,2}}(?P<ampm2>{_alternation(meridiem)})(?!\w))?", re.I)
    iso = re.compile(r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?:(?:\s{0,2}T\s{0,2}|\s{1,2})(?P<h>\d{2}):(?P<mi>\d{2})"
                     r"(?::(?P<s>\d{2})(?:[.,]\d{1,9})?)?)?\s{0,2}(?P<z>Z|[+-]\d{2}(?::?\d{2})?)?"
                     r"|(?P<y2>\d{4})(?P<mo2>\d{2})(?P<d2>\d{2})(?:T?(?P<h2>\d{2})(?P<mi2>\d{2})(?P<s2>\d{2})?)?")  # 20230617143500
    relative = re.compile(rf"\b(?P<n>\d{{1,3}})\s{{0,2}}(?P<unit>{_alternation(units)})\s{{1,2}}"
                          rf"(?:(?:{_alternation(data['relative_fillers'])})\s{{1,2}})?(?:{_alternation(data['relative_after'])})\b", re.I)
    relative_years = {tuple(k.split()): int(v) for k, v in data["relative_years"].items()}
    gap = re.compile(rf"[\s,|/@()\-–—]{{0,8}}(?:(?:{_alternation(data['clock_words'])})\b\.?\s{{0,3}})?", re.I)
    days = {re.sub(r"\s+", " ", k.lower()): int(v) for k, v in data["relative_days"].items()}
    day_words = "|".join(r"\s{1,2}".join(map(re.escape, d.split())) for d in sorted(days, key=len, reverse=True))
    relative_day = re.compile(rf"\b(?P<day>{day_words})\b", re.I)
    return _Tables(months=months, zones=zones, meridiem=meridiem, units=units, iso=iso, dates=dates, clock=clock,
                   relative=relative, relative_years=relative_years, days=days, relative_day=relative_day, gap=gap)


def relative_years() -> dict[tuple[str, ...], int]:
    return _tables().relative_years


def _hour(h: int, word: str | None, meridiem: dict[str, str]) -> int:
    """A 12-hour clock read into 24 hours: `02.05 PM` -> 14, `7 malam` -> 19, `12 AM` -> 0."""
    kind = meridiem.get((word or "").lower().replace(" ", ""))
    if kind == "am":
        return 0 if h == 12 else h
    if kind == "pm":
        return h + 12 if h < 12 else h
    if kind == "midday":  # siang: 11 to 15
        return h + 12 if h < 6 else h
    if kind == "evening":  # sore, malam: 15 to 23
        return h + 12 if 3 <= h < 12 else h
    return h


def _zone(m: re.Match, zones: dict[str, timezone]) -> timezone | None:
    if m["off"]:
        return _offset(m["off"])
    if m["tz"]:
        zone = zones[m["tz"].lower()]
        if m["tzoff"]:  # GMT+7
            return _offset(m["tzoff"])
        return zone
    return None


def _iso(text: str, t: _Tables) -> When | None:
    m = t.iso.fullmatch(text)
    if not m:
        return None
    g = {k.rstrip("2"): v for k, v in m.groupdict().items() if v is not None}
    try:
        if "h" not in g:  # a date alone, whatever zone follows it
            return When(datetime(int(g["y"]), int(g["mo"]), int(g["d"]), tzinfo=WIB), False)
        zone = _offset(g["z"]) if g.get("z", "Z") != "Z" else (timezone.utc if "z" in g else WIB)
        return When(datetime(int(g["y"]), int(g["mo"]), int(g["d"]), int(g["h"]), int(g["mi"]), int(g.get("s", 0)),
                             tzinfo=zone), True)
    except ValueError:
        return None


def read_date(text, now: datetime | None = None) -> When | None:
    """The first date in `text`: ISO 8601 (`2025-05-01T15:00:50Z`, `2022-06-28+07:00`), a printed
    dateline in Indonesian or English (`Senin, 28 Juni 2022 | 14:05 WIB`, `Jun 28, 2022 02:05 PM`,
    `28/06/2022 pukul 7.30 malam`), an RFC 2822 date, or one relative to `now` (`2 jam yang lalu`).

    A time without a zone is WIB. None when no date can be read."""
    if not isinstance(text, str):
        return None
    text = text.strip()[:MAX_CHARS]
    if not text:
        return None
    t = _tables()
    found = _iso(text, t)
    if found:
        return found
    best = None
    for pattern in t.dates:
        m = pattern.search(text)
        if m and (best is None or m.start() < best.start()):
            best = m
    if best is None:
        return _relative(text, now, t)
    mo = best["mo"]
    month = int(mo) if mo.isdigit() else t.months[mo.lower()]
    try:
        day = datetime(int(best["y"]), month, int(best["d"]), tzinfo=WIB)
    except ValueError:
        return None
    # the clock follows the date within a few characters (`, `, ` | `, ` pukul `); else it may stand before it
    clock = _clock_after(text, best.end(), t)
    if clock is None:
        clock = next((c for c in t.clock.finditer(text, 0, best.start()) if c["tz"] or c["off"] or c["ampm"] or c["ampm2"]), None)
    time = _time_of(clock, t) if clock is not None else None
    second = int(clock["s"] or 0) if clock is not None else 0
    if time is None or second > 59:
        return When(day, False)
    hour, minute, zone = time
    return When(day.replace(hour=hour, minute=minute, second=second, tzinfo=zone), True)


def _clock_after(text: str, pos: int, t: _Tables) -> re.Match | None:
    """A clock a few characters after `pos` (`, 14:05 WIB`, ` | pukul 09.15`)."""
    return t.clock.match(text, t.gap.match(text, pos).end())


def _time_of(clock: re.Match, t: _Tables) -> tuple[int, int, timezone] | None:
    """A clock's hour (12-hour clocks read), minute and zone (WIB unless written); None when out of range."""
    hour = _hour(int(clock["h"]), clock["ampm"] or clock["ampm2"], t.meridiem)
    minute = int(clock["mi"])
    if hour > 23 or minute > 59:
        return None
    return hour, minute, _zone(clock, t.zones) or WIB


def _relative(text: str, now: datetime | None, t: _Tables) -> When | None:
    """`2 jam yang lalu`, `15 menit lalu`, `3 hours ago` against the time the page was fetched."""
    if now is None:
        return None
    now = now if now.tzinfo else now.replace(tzinfo=WIB)
    m = t.relative.search(text)
    if not m:
        return _relative_day(text, now, t)
    seconds = t.units[m["unit"].lower()]
    value = (now - timedelta(seconds=int(m["n"]) * seconds)).astimezone(WIB)
    if seconds >= 86400:  # `3 hari yang lalu`: the day is known, not the hour
        return When(value.replace(hour=0, minute=0, second=0, microsecond=0), False)
    return When(value.replace(second=0, microsecond=0), True)


def _relative_day(text: str, now: datetime, t: _Tables) -> When | None:
    """`Hari ini, 14:05 WIB`, `Kemarin 20:10`: a day named relative to the fetch time, with its clock
    (without one, `hari ini` is only a phrase)."""
    m = t.relative_day.search(text)
    if not m:
        return None
    clock = _clock_after(text, m.end(), t)
    time = _time_of(clock, t) if clock is not None else None
    if time is None:
        return None
    hour, minute, zone = time
    day = now.astimezone(WIB).date() + timedelta(days=t.days[re.sub(r"\s+", " ", m["day"].lower())])
    return When(datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone), True)


def parse_published(text, now: datetime | None = None) -> datetime | None:
    """`read_date`'s datetime (a date alone is its midnight in WIB); None when no date can be read."""
    found = read_date(text, now)
    return found.value if found else None
