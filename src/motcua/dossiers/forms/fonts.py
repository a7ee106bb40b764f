"""Choose the serif family the forms are printed in: the first of the usual ones that has every Vietnamese letter.

Decree 30/2020 asks for Times New Roman; Liberation Serif has its metrics. But a CSS font stack falls back
glyph by glyph: Debian's fonts-liberation 1.x has no "ư", "ơ" or "ạ", so a stack starting with it prints
"Nguyễn Thị Hương" in two fonts. So we ask fontconfig which file each family really is, check that file's
character map, and start the stack at the first family that covers Vietnamese (DejaVu Serif always does).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass

from fontTools.ttLib import TTFont

# Each family with the factor that makes its text as wide as Times New Roman's at the same nominal size:
# DejaVu's letters are larger (x-height 0.52 em against 0.45) and wider, even in its condensed cut
# (fonts-dejavu-extra), so the forms keep their layout, and the receipt its single page, in any of them.
SCALES = {"Times New Roman": 1.0, "Liberation Serif": 1.0, "DejaVu Serif Condensed": 0.92, "DejaVu Serif": 0.86}
FAMILIES = tuple(SCALES)

# Every letter Vietnamese writes with a diacritic: the precomposed block U+1EA0-U+1EF9 and the rest.
VIETNAMESE = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư" + "".join(chr(code) for code in range(0x1EA0, 0x1EFA))
_FACES = ("", ":weight=bold", ":slant=italic", ":weight=bold:slant=italic")


@dataclass(frozen=True, slots=True)
class FontChoice:
    stack: str  # the CSS font-family value, e.g. '"Liberation Serif", "DejaVu Serif Condensed", ..., serif'
    scale: float  # multiplies every font size


@functools.cache
def choose() -> FontChoice:
    families = FAMILIES
    if shutil.which("fc-match"):  # without fontconfig's tools we cannot tell: keep the usual order
        first = next((index for index, family in enumerate(FAMILIES) if covers_vietnamese(family)), 0)
        families = FAMILIES[first:]
    return FontChoice(", ".join(f'"{family}"' for family in families) + ", serif", SCALES[families[0]])


def covers_vietnamese(family: str) -> bool:
    """Whether the family is installed as itself (not an alias) and each of its faces has all the letters."""
    for face in _FACES:
        matched = _match(family + face)
        if matched is None or family.casefold() not in matched[0]:
            return False
        if not _has_letters(*matched[1:]):
            return False
    return True


def _match(pattern: str) -> tuple[list[str], str, int] | None:
    """The matched file's family names (folded), path and index in a collection."""
    try:
        result = subprocess.run(
            ["fc-match", "--format=%{family}\t%{file}\t%{index}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        families, path, index = result.stdout.split("\t")
        return [name.strip().casefold() for name in families.split(",")], path, int(index or 0)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


@functools.cache
def _has_letters(path: str, index: int) -> bool:
    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            cmap = font.getBestCmap() or {}
    except Exception:  # an unreadable or odd font file is one we do not use
        return False
    return all(ord(letter) in cmap for letter in VIETNAMESE)
