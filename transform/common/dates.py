"""Publication dates as Chinese news pages write them, shared by the HTML and text transforms.

Pages state a date in three places, in decreasing order of trust: machine-readable meta
tags (ISO strings), a visible dateline near the title (``发布时间：2024-03-18 10:20``,
``2024年03月18日``) and the URL (``/art/2024/3/18/``, ``/202409/04/``, ``t20240904_``).
This module only turns strings into dates; deciding which place to trust is the caller's.

Public API (all pure, no I/O):

- ``FoundDate``: a date, an optional Asia/Shanghai datetime, and where in the text it was.
- ``parse_date(text)``: the first full date (year, month, day) in a string, with its time.
- ``find_dates(text)``: every full date in a string, in order.
- ``find_labelled_date(text)``: a date that follows a label such as 发布时间 / 日期 / 时间.
- ``date_from_url(url)``: a date written into a URL path.
- ``edition_date_from_path(path)``: an edition date in a file or folder name (``20240318/page01.txt``).
- ``day_in_url(url)``, ``day_in_text(text)``, ``day_in_feed(value)``: the same rules as plain
  dates, for the crawler (selecting a window's pages, listing dates, feed and sitemap dates).
- ``infer_year(month, day, reference)``: the year of a yearless ``3月17日`` near a known date.
- ``is_plausible(d)``: inside the window a news date can be in (1990 .. today + 1 day).

Datetimes are timezone-aware in Asia/Shanghai (UTC+8). A string with its own offset
(``2024-03-18T02:20:00Z``) is converted, so the date is the Shanghai calendar date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

# China has kept UTC+8 without DST since 1991: a fixed offset needs no tz database. The one
# definition of China time in the project (the crawler, the transform and the load use it).
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
EARLIEST = date(1990, 1, 1)

_SEP1 = r"\s*[-/.年]\s*"
_SEP2 = r"\s*[-/.月]\s*"
# A time of day after a date: 8:05, 08:05:11.000+08:00, 8时5分, 下午 3:05, 3:05 PM (a half of the
# day before or after it moves the hour: 下午 3:05 is 15:05).
_TIME = r"(?:[T\s]*(?P<half>上午|下午|晚上|凌晨|早上|中午)?\s*(?P<H>[01]?\d|2[0-3])\s*[:：时点]\s*(?P<M>[0-5]\d)" \
        r"(?:\s*[:：分]\s*(?P<S>[0-5]\d)(?:\.\d+)?)?\s*(?:秒|分)?(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?)(?![A-Za-z]))?" \
        r"\s*(?P<tz>Z|GMT|UTC|[+-]\d{2}:?\d{2})?)?"
_AFTERNOON = frozenset({"下午", "晚上", "中午", "p", "P"})
_FULL = re.compile(
    r"(?<![\d])(?P<y>(?:19|20)\d{2})" + _SEP1 + r"(?P<m>0?[1-9]|1[0-2])" + _SEP2
    + r"(?P<d>0?[1-9]|[12]\d|3[01])(?![\d])\s*日?" + _TIME
)
_COMPACT = re.compile(r"(?<![\d])(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?![\d])")
# A bare 于 is no label (梁某于2002年2月23日在…: an event in the text); a posting verb before it is.
_LABEL = re.compile(
    r"(?:发布|发表|公开|更新|出版|印发|成文|刊发|上传|录入|添加)?(?:时间|日期)\s*[:：]?\s*"
    r"|(?:发布|发表|公开|更新|刊发|上传|录入|添加|张贴|发帖|写|刊|贴)于\s*[:：]?\s*|本[贴帖]由\S{1,20}?于\s*"
    r"|(?:发布|发表|更新|发稿)\s*[:：]\s*"
    r"|(?:time|date|published|pubdate)\s*[:：]\s*",
    re.I,
)
# URL shapes, most specific first: /2024/09/04/, /2024-09-04/, /2024_09_04/, /art/2024/3/18/,
# 2024-09/04; /202409/04/, t20240904_, /20240904/; /2024/0904/.
_URL_PATTERNS = (
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[/_-](?P<m>0?[1-9]|1[0-2])[/_-](?P<d>0?[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])[/_-]?(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[/_-](?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"),
)


@dataclass(frozen=True)
class FoundDate:
    """A date read from text; ``at`` only when the text also gave a time of day."""

    date: date
    at: datetime | None = None
    start: int = 0  # offsets of the match in the searched string
    end: int = 0

    def iso(self) -> str:
        return self.at.isoformat() if self.at else self.date.isoformat()


def is_plausible(d: date, today: date | None = None) -> bool:
    """A news date lies between 1990 and tomorrow (pages in UTC+8 run ahead of UTC)."""
    today = today or datetime.now(SHANGHAI).date()
    return EARLIEST <= d <= today + timedelta(days=1)


def _build(m: re.Match[str], today: date | None) -> FoundDate | None:
    try:
        d = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    if not is_plausible(d, today):
        return None
    at = None
    groups = m.groupdict()
    if groups.get("H") is not None:
        tz = _offset(groups.get("tz"))
        at = datetime(d.year, d.month, d.day, _hour(m), int(m["M"]), int(m["S"] or 0), tzinfo=tz)
        at = at.astimezone(SHANGHAI)
        d = at.date()
    return FoundDate(d, at, m.start(), m.end())


def _hour(m: re.Match[str]) -> int:
    """The hour on a 24-hour clock: 下午 3:05 and 3:05 PM are 15, 12:30 AM and 凌晨12:30 are 0."""
    hour = int(m["H"])
    half = m["half"] or (m["ampm"] or " ")[0]
    if hour < 12 and half in _AFTERNOON:
        return hour + 12
    return 0 if hour == 12 and half in ("a", "A", "凌晨") else hour


def _offset(tz: str | None) -> timezone:
    if not tz:
        return SHANGHAI
    if tz.upper() in ("Z", "GMT", "UTC"):
        return timezone.utc  # noqa: UP017
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


# A date in Chinese numerals, as official documents sign and e-paper mastheads print it:
# 二〇二四年三月十八日, 二○○五年十二月三十一日 (〇, the circle ○ and 零 all write zero).
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "Ｏ": 0}
_CN_DATE = re.compile(r"(?P<y>[〇○零Ｏ一二三四五六七八九]{4})\s*年\s*(?P<m>十[一二]?|[一二三四五六七八九])\s*月"
                      r"\s*(?P<d>三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])\s*日")


def _cn_small(text: str) -> int:
    """一..三十一 written in Chinese numerals (十二 = 12, 二十 = 20, 二十三 = 23)."""
    if "十" not in text:
        return _CN_DIGIT[text]
    tens, _, ones = text.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


def _build_cn(m: re.Match[str], today: date | None) -> FoundDate | None:
    try:
        d = date(int("".join(str(_CN_DIGIT[c]) for c in m["y"])), _cn_small(m["m"]), _cn_small(m["d"]))
    except ValueError:
        return None
    return FoundDate(d, None, m.start(), m.end()) if is_plausible(d, today) else None


# English month names, as blogs, bilingual portals and some CMS templates print dates:
# Mar 9, 2006 / March 09, 2006 8:05 PM / 9 March 2006 / 09-Mar-2006.
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?" \
       r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_EN_SOURCE = (
    rf"(?<![a-z]){_MON}\.?\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d),?\s+(?P<y>(?:19|20)\d{{2}})(?!\d)"
    rf"|(?<![\d])(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?[\s-]+{_MON.replace('mon', 'mon2')}\.?,?[\s-]+(?P<y2>(?:19|20)\d{{2}})(?!\d)"
)
_EN_DATE = re.compile(_EN_SOURCE, re.I)
# The same, without its groups, for patterns that only need to see a date (fields.DATE_TIME).
EN_DATE_PATTERN = "(?i:" + re.sub(r"\(\?P<\w+>", "(?:", _EN_SOURCE) + ")"
_EN_TIME = re.compile(r"\s*,?\s*(?:at\s+)?" + _TIME.replace("(?:[T\\s]*", "(?:", 1))
_EN_GATE = re.compile(rf"(?i)(?<![a-z])(?:{'|'.join(_MONTHS)})")
_LATIN = re.compile("[A-Za-z]")  # (a plain class first: most lines have no Latin letter at all)


def may_hold_english_date(text: str) -> bool:
    """A cheap test before the English-date pattern: a Latin letter, then a month's name."""
    return _LATIN.search(text) is not None and _EN_GATE.search(text) is not None
# Full-width digits and separators (２００６年３月９日, ２００６－０３－０９): read as ASCII, same offsets.
_WIDE = str.maketrans("０１２３４５６７８９：－／．", "0123456789:-/.")
_WIDE_DIGIT = re.compile("[０-９]")


def _narrow(text: str) -> str:
    return text.translate(_WIDE) if _WIDE_DIGIT.search(text) else text


def _build_en(m: re.Match[str], text: str, today: date | None) -> FoundDate | None:
    mon = (m["mon"] or m["mon2"])[:3].lower()
    try:
        d = date(int(m["y"] or m["y2"]), _MONTHS.index(mon) + 1, int(m["d"] or m["d2"]))
    except ValueError:
        return None
    if not is_plausible(d, today):
        return None
    t = _EN_TIME.match(text, m.end())
    if t and t["H"] is not None:
        at = datetime(d.year, d.month, d.day, _hour(t), int(t["M"]), int(t["S"] or 0), tzinfo=_offset(t["tz"]))
        at = at.astimezone(SHANGHAI)
        return FoundDate(at.date(), at, m.start(), t.end())
    return FoundDate(d, None, m.start(), m.end())


# 7/5/2005 9:23:57 PM: the year last, as US-locale servers (ASP, IIS) print dates: month first,
# unless the first number cannot be a month (17/5/2005, day first).
_SLASH_YEAR_LAST = re.compile(r"(?<![\d/])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)\d{2})(?![\d/])" + _TIME)
# After a date label only: the year last with dashes or dots, day first (时间：18-03-2024), and a compact
# 20240318 (发布时间：20240318), which alone would be any eight-digit number.
_LABELLED_YEAR_LAST = re.compile(r"(?P<a>[0-3]?\d)(?P<sep>[-.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d{2})(?![\d.-])" + _TIME)


def _reordered(year: int, month: int, day: int, m: re.Match[str], after: str, today: date | None) -> FoundDate | None:
    """A date whose parts a pattern found in another order (or a two-digit year), read as
    YYYY-M-D with the time that followed `after` (the last date group), at the match's offsets."""
    fd = _FULL.match(f"{year}-{month}-{day} {m.string[m.end(after):m.end()].lstrip()}")
    built = _build(fd, today) if fd else None
    return FoundDate(built.date, built.at, m.start(), m.end()) if built else None


def _build_slash(m: re.Match[str], today: date | None) -> FoundDate | None:
    a, b = int(m["a"]), int(m["b"])
    if m.groupdict().get("sep"):  # 18-03-2024, 18.03.2024: day first, as dashes and dots print it
        day, month = (a, b) if b <= 12 else (b, a)
    else:
        month, day = (b, a) if a > 12 else (a, b)
    return _reordered(int(m["y"]), month, day, m, "y", today)


def find_dates(text: str, today: date | None = None) -> list[FoundDate]:
    """Every full, plausible date in `text` (2024-03-18, 2024/3/18, 2024年3月18日, 2024.03.18,
    二〇二四年三月十八日, ２０２４年３月１８日, Mar 18, 2024, 3/18/2024), with a time when one follows it.
    Compact 20240318 forms are left to URLs: in running text an 8-digit number is more often an
    id or a phone number than a date."""
    text = _narrow(text)
    found = [fd for m in _FULL.finditer(text) if (fd := _build(m, today))]
    extra: list[FoundDate] = []
    if "年" in text and "日" in text:
        extra = [fd for m in _CN_DATE.finditer(text) if (fd := _build_cn(m, today))]
    if may_hold_english_date(text):
        extra += [fd for m in _EN_DATE.finditer(text) if (fd := _build_en(m, text, today))]
    if "/" in text:
        extra += [fd for m in _SLASH_YEAR_LAST.finditer(text) if (fd := _build_slash(m, today))]
    if extra:
        found = sorted(found + extra, key=lambda fd: fd.start)
    return found


# A label tying a date to another event than the page's own publication: a person's birth or
# debut in an infobox, a company's founding, a notice's deadline or entry into force. Such a
# date (and the same date written again beside it, 1995年9月1日 (1995-09-01)) never dates the
# page: an encyclopedia page took its subject's debut as its publication date.
# The event word alone is no label (a headline may end in 开工 right before the info line's date):
# it takes 日期/时间/于 or a colon after it.
_EVENT_WORDS = "出生|出道|成立|创办|创刊|创建|开业|开幕|闭幕|截止|报名|开工|竣工|生效|施行|实施|逝世|去世|注册|上市"
# The reading day is such an event too: a header widget's 今天是2019年3月2日 星期六 or 当前时间：
# is the day the page was fetched, and dated every undated generated page that had one.
_TODAY = r"今天是?|今日是?|当前(?:日期|时间)?|现在(?:是|时间)?"
_EVENT_LABEL = re.compile(rf"(?:(?:{_EVENT_WORDS})(?:(?:日期|时间|于)\s*[:：]?|\s*[:：])|(?:{_TODAY})\s*[:：]?)\s*$")
_EVENT_BEFORE_LABEL = re.compile(rf"(?:{_EVENT_WORDS}|当前|现在)$")


def page_date_candidates(text: str, before: str = "", today: date | None = None) -> list[FoundDate]:
    """find_dates without the dates a label ties to another event (see _EVENT_LABEL). `before`:
    the text printed just before (an infobox's label cell, 出道日期, beside its value cell)."""
    found = find_dates(text, today)
    context = before[-12:] + " "
    events = {fd.date for fd in found if _EVENT_LABEL.search((context + text[:fd.start])[-14:])}
    return [fd for fd in found if fd.date not in events]


def parse_date(text: str | None, today: date | None = None) -> FoundDate | None:
    """The first full date in a string such as a meta tag value or a dateline.

    Accepts ISO timestamps (with offsets), Chinese 年月日 forms, slashes and dots, and a bare
    compact 20240318 when it is the whole value (as some CMS meta tags write it).
    """
    if not text:
        return None
    text = text.strip()
    found = find_dates(text, today)
    if found:
        return found[0]
    m = _COMPACT.fullmatch(text[:8])
    if m and (len(text) == 8 or not text[8].isdigit()):
        return _build(m, today)
    return None


def find_labelled_date(text: str, today: date | None = None) -> FoundDate | None:
    """A date introduced by a label (发布时间：, 日期:, 时间：, 发布于) - the dateline of an
    article, as opposed to dates mentioned in its body. An update label (更新时间, 最后修改时间)
    does not count: the page's publication date is another one. After a label a two-digit
    year is read too (发布时间：06-03-09, 19xx from 90 up), which alone would be too ambiguous."""
    text = _narrow(text)
    for lab in _LABEL.finditer(text):
        if lab.group(0).startswith("更新") or text[max(0, lab.start() - 2): lab.start()].endswith(("最后", "修改")):
            continue  # 更新时间 / 最后修改: when the page changed, not when it was published
        if _EVENT_BEFORE_LABEL.search(text[max(0, lab.start() - 2): lab.start()]):
            continue  # 成立时间 / 截止日期: another event's date (see _EVENT_LABEL below)
        window = text[lab.end(): lab.end() + 40]
        m = _FULL.match(window)
        if m and (fd := _build(m, today)):
            return FoundDate(fd.date, fd.at, lab.start(), lab.end() + fd.end)
        if ((us := _SLASH_YEAR_LAST.match(window) or _LABELLED_YEAR_LAST.match(window))
                and (fd := _build_slash(us, today))):
            return FoundDate(fd.date, fd.at, lab.start(), lab.end() + fd.end)
        if (compact := _COMPACT.match(window)) and not window[8:9].isdigit() and (fd := _build(compact, today)):
            return FoundDate(fd.date, fd.at, lab.start(), lab.end() + fd.end)
        if (short := _SHORT_YEAR.match(window)) and (fd := _build_short(short, today)):
            return FoundDate(fd.date, fd.at, lab.start(), lab.end() + fd.end)
    return None


# 06-03-09, 06/3/9, 06.03.09 (one separator throughout): a two-digit year, only after a date label;
# a time may follow the day without a space (18-03-0823:16).
_GLUED_TIME = r"(?=(?:[01]\d|2[0-3]):[0-5]\d)"
_SHORT_YEAR = re.compile(r"(?P<yy>\d{2})(?P<sep>[-/.])(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<d>0?[1-9]|[12]\d|3[01])"
                         rf"(?:(?![\d.])|{_GLUED_TIME})" + _TIME)
# 10-08 12:00, 10-0812:00: a month and day with no year after a date label (a platform's own
# format). Alone it dates nothing; another date of the page on the same month and day does.
_MONTH_DAY_TIME = re.compile(rf"(?P<m>0?[1-9]|1[0-2])[-/](?P<d>0[1-9]|[12]\d|3[01])(?:\s+|{_GLUED_TIME})(?:[01]?\d|2[0-3]):[0-5]\d")


def labelled_month_day(text: str) -> tuple[int, int] | None:
    """(month, day) of a year-less date after a date label (发布时间：10-0812:00)."""
    for lab in _LABEL.finditer(text):
        if not lab.group(0).startswith("更新") and (m := _MONTH_DAY_TIME.match(text, lab.end())):
            return int(m["m"]), int(m["d"])
    return None


def _build_short(m: re.Match[str], today: date | None) -> FoundDate | None:
    yy = int(m["yy"])
    return _reordered(1900 + yy if yy >= 90 else 2000 + yy, int(m["m"]), int(m["d"]), m, "d", today)


def date_from_url(url: str | None, today: date | None = None) -> FoundDate | None:
    """A date written into a URL path: /2024/09/04/, /art/2024/3/18/art_1_2.html,
    /202409/04/, /t20240904_123.html, /20240904/. The host is ignored (it can hold digits)."""
    if not url:
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url, flags=re.I)
    for pattern in _URL_PATTERNS:
        for m in pattern.finditer(path):
            fd = _build(m, today)
            if fd:
                return FoundDate(fd.date, None, m.start(), m.end())
    return None


_MONTH_DAY = re.compile(r"(?<![\d年])(?P<m>1[0-2]|0?[1-9])月(?P<d>[12]\d|3[01]|0?[1-9])日")


def infer_year(month: int, day: int, reference: date) -> date | None:
    """The date of a yearless 月日 written on or shortly before `reference` (a page or issue
    date): the same year, or the year before when that would land after the reference."""
    for year in (reference.year, reference.year - 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d <= reference + timedelta(days=1):
            return d
    return None


def find_month_day(text: str, reference: date) -> FoundDate | None:
    """The first yearless 3月17日 in `text`, dated with `infer_year` against `reference`."""
    m = _MONTH_DAY.search(text)
    if not m:
        return None
    d = infer_year(int(m["m"]), int(m["d"]), reference)
    return FoundDate(d, None, m.start(), m.end()) if d else None


_PATH_PARTS = 4  # file name and three folders (2024/03/18/01.txt); higher ones name collections


def edition_date_from_path(path: str | None, today: date | None = None) -> FoundDate | None:
    """The edition date a local file's name or folders give (``20240318/page01.txt``,
    ``gsrb_2024-03-18_01.txt``, ``2024/03/18/01.txt``), read like a URL path.

    Only the file name and its three nearest folders are read, the file name first: a date
    high up a tree (``archive/2019/...``) names a collection, not the edition of this page.
    """
    if not path:
        return None
    parts = [q for q in re.split(r"[\\/]+", path) if q][-_PATH_PARTS:]
    for n in range(1, len(parts) + 1):
        tail = "/" + "/".join(parts[-n:])
        if (found := date_from_url(tail, today)) is not None:
            return found
    return None


def day_in_url(url: str | None, today: date | None = None) -> date | None:
    """The date a URL path states (``date_from_url``), as a plain date."""
    found = date_from_url(url, today)
    return found.date if found else None


def day_in_text(text: str | None, today: date | None = None) -> date | None:
    """The first full, plausible date in a text (a listing item, a dateline)."""
    found = find_dates(text, today) if text else []
    return found[0].date if found else None


def day_in_feed(value: str | None, today: date | None = None) -> date | None:
    """A feed or sitemap date: ISO 8601 / Chinese forms, else RFC 2822 (RSS pubDate), in China time."""
    if not value:
        return None
    if (found := parse_date(value, today)) is not None:
        return found.date
    import email.utils

    try:
        at = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    day = (at if at.tzinfo else at.replace(tzinfo=SHANGHAI)).astimezone(SHANGHAI).date()
    return day if is_plausible(day, today) else None


# A month a page gives without a day: a magazine issue (《北京之春》1998年3月号, 2003年5月刊) or a
# line holding only a year and month, the way a report or letter signs off (2003年5月于北京,
# 二〇〇三年五月). Never made a date: its day would be invented (it becomes published_month).
_YEAR_MONTH = re.compile(r"(?<![\d〇○零Ｏ一二三四五六七八九])(?P<y>(?:19|20)\d{2}|[〇○零Ｏ一二三四五六七八九]{4})\s*年\s*"
                         r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月(?P<issue>\s*[号刊])?"
                         r"(?![\d〇○零一二三四五六七八九十]|\s*[\d一二三四五六七八九十]+\s*[日号])")
_MONTH_LINE_EXTRA = 6  # brackets, dashes, 于北京, 写于: what a signing line adds to its month
_CLAUSE = re.compile(r"[，。；！？,;!?]")


def month_of(text: str, *, whole_line: bool, today: date | None = None) -> tuple[int, int] | None:
    """(year, month) of a magazine issue anywhere in `text` (1998年3月号), or with `whole_line` of
    a line that is nothing but a year and month. A day after the month (5月8日) is a date, not
    a month; a month in running prose (2003年5月，我们…) is neither."""
    text = _narrow(text)
    for m in _YEAR_MONTH.finditer(text):
        rest = text[: m.start()] + text[m.end():]
        signs = (whole_line and not _CLAUSE.search(rest) and not any(c.isdigit() for c in rest)  # 2005年03月(12): an archive
                 and sum(not c.isspace() for c in rest) <= _MONTH_LINE_EXTRA)
        if m["issue"] or signs:
            year = int(m["y"]) if m["y"].isdigit() else int("".join(str(_CN_DIGIT[c]) for c in m["y"]))
            month = int(m["m"]) if m["m"].isdigit() else _cn_small(m["m"])
            if is_plausible(date(year, month, 1), today):
                return year, month
    return None
