"""Legal document codes (số ký hiệu) such as 99/2022/NĐ-CP, found inside run-together table text."""

import re
import unicodedata

# A legal document code (số ký hiệu): number[/year]/issuer suffix, e.g. 99/2022/NĐ-CP, 02/2011/QH13,
# 12/2021/QĐ-TTg, 02/2014/TTLT-TANDTC-VKSNDTC-BTP-BTC, 6225/QĐ-BQP, 12/VBHN-VPQH. Suffix segments are
# upper case; "TTg" is the one mixed-case segment; digits only follow QH (legislature number).
_SEGMENT = r"(?:TTg|[A-ZĐ]+(?:(?<=QH)\d{1,2})?)"
LEGAL_CODE = re.compile(
    rf"(?P<num>\d+[a-z]?(?:\.\d+)?)\.?/(?:(?P<year>(?:19|20)\d\d)/)?"
    rf"(?P<suffix>{_SEGMENT}(?:(?:[-/]\s?|\s[-/]){_SEGMENT})*)"
)


# Issuing bodies that end a code. Where a code is glued to the next title ("NĐ-CPNghị định ...",
# "TT-BTCQUY ĐỊNH ..."), the issuer is the longest known one the run of capitals starts with.
_ISSUERS = sorted(
    [
        "CP",
        "TTg",
        "BTC",
        "BTP",
        "BCA",
        "BQP",
        "NHNN",
        "BNNMT",
        "BNNPTNT",
        "BGTVT",
        "BXD",
        "BTNMT",
        "BKHĐT",
        "BKHCN",
        "BHXH",
        "UBND",
        "HĐND",
        "BNV",
        "BLĐTBXH",
        "BNG",
        "BYT",
        "BCT",
        "BVHTTDL",
        "BGDĐT",
        "BTTTT",
        "BDTTG",
        "UBDT",
        "VPQH",
        "VPCP",
        "TTCP",
        "CTN",
        "TANDTC",
        "VKSNDTC",
        "TCHQ",
        "KTNN",
    ],
    key=len,
    reverse=True,
)


_CODE_SPACES = re.compile(r"\s*([-/])\s*")
_SEPARATOR = re.compile(r"[-/\s]")
# Document numbers have at most four digits; five or more starting with a year are "<year><number>".
_GLUED_YEAR = re.compile(r"(?:19|20)\d\d(?:\d|\.\d)")
_NUMBERED_ISSUER = re.compile(r"(?:UBTV)?QH\d*|TTg")
_KNOWN_ISSUER = re.compile("|".join(_ISSUERS))  # longest first, so the longest known prefix wins


def normalise_code(code: str) -> str:
    """Tidy a code: "13/2020/TTLT- BQP-BLĐTBXH" → "13/2020/TTLT-BQP-BLĐTBXH" (no spaces inside a code)."""
    code = unicodedata.normalize("NFC", code).strip()
    return _CODE_SPACES.sub(r"\1", code) if " " in code else code


def trim_code(text: str, match: re.Match[str]) -> tuple[str, int, int]:
    """A LEGAL_CODE match in `text` → (code, start, end), with the text glued around it given back.

    "năm 201102/2011/QH13", "ngày 15/5/2026.55/2026/TT-BTC": the year before belongs to the title.
    "05/2012/NĐ-CPLuật ...", "NĐ-CP-Quyết định": the code ends with the issuer, the rest is the title.
    """
    start = match.start()
    number = match.group("num")
    if _GLUED_YEAR.match(number):
        start += 5 if number[4] == "." else 4
    last = _SEPARATOR.split(match.group("suffix"))[-1]
    following = text[match.end() : match.end() + 1]
    end = match.end() - (len(last) - len(_issuer(last, following)))
    while text[end - 1] in "-/ ":  # a dropped one-letter segment leaves its separator behind
        end -= 1
    return normalise_code(text[start:end]), start, end


def _issuer(segment: str, following: str) -> str:
    if _NUMBERED_ISSUER.fullmatch(segment):
        return segment
    known = _KNOWN_ISSUER.match(segment)
    if known:
        return known.group()
    # An unknown issuer glued to a lower-case letter has taken the first letter of the next title.
    return segment[:-1] if following.islower() else segment
