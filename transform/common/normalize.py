"""Normalisation every record goes through, whatever its input format.

normalise_text() repairs the page (pinyin readings, lost non-breaking spaces) and then
produces the Simplified view next to the original, the same length, so that the layout
parsers can cut both at the same offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transform.common.pinyin import strip_readings
from transform.common.script import detect_script, to_simplified_aligned


@dataclass
class NormalisedText:
    text: str  # Simplified view, same length as `original`
    original: str  # repaired original script
    script: str  # hans | hant
    flags: list[str] = field(default_factory=list)


def normalise_text(raw: str) -> NormalisedText:
    flags: list[str] = []
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u3000", " ")
    text = text.replace("\ufeff", "").replace("\u200b", "")
    text, pinyin_flags = strip_readings(text)
    flags += pinyin_flags
    text, space_flags = repair_lost_spaces(text)
    flags += space_flags
    script = detect_script(text)
    simplified = to_simplified_aligned(text) if script == "hant" else text
    return NormalisedText(simplified, text, script, flags)


_SPACE_MARK_RUN = re.compile(r"(?m)^[ \t]*\?(?:[ \t]*\?)*")
_AFTER_PUNCT_MARK = re.compile(r"(?<=[。！？，、：；”」』）)])\?(?=\S)")
_BETWEEN_HAN_MARK = re.compile(r"(?<=[\u4e00-\u9fff])\?(?=[\u4e00-\u9fff])")


def repair_lost_spaces(text: str) -> tuple[str, list[str]]:
    """`?` where a page lost a non-breaking space: at line starts, after punctuation, and,
    once the page shows that damage, between Han characters. A question in Chinese text
    is written with the full-width ？, so an ASCII ? in those places is not a question."""
    fixed = _SPACE_MARK_RUN.sub(lambda m: " " * len(m.group(0)), text)
    fixed = _AFTER_PUNCT_MARK.sub(" ", fixed)
    if fixed != text:
        fixed = _BETWEEN_HAN_MARK.sub(" ", fixed)
        return fixed, ["lost_spaces_repaired"]
    return text, []
