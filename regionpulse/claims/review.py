"""Reading a text end to end: extract every claim, check its arithmetic, check it against the records.

The page and ``regionpulse claims`` both call ``read``; what is wrong with the input as a whole
(empty, not Chinese, not text) comes back as a message in Chinese instead of claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from regionpulse.claims.aliases import database_vocabulary
from regionpulse.claims.checks import arithmetic
from regionpulse.claims.claim import Claim
from regionpulse.claims.database import Records, against_records
from regionpulse.claims.extract import extract
from regionpulse.claims.regions import Home
from regionpulse.core.models import Region

EMPTY = "没有可核对的文字：请粘贴或上传简报、新闻稿的正文。"
NOT_CHINESE = "文中没有中文内容，无法识别数字：本功能读取中文简报和新闻稿。"
NOTHING_FOUND = "文中没有找到可核对的数字（如“地区生产总值达592.48亿元”“同比增长6.9%”）。"
NOT_TEXT = "文件不是文本（请上传UTF-8或GB18030编码的.txt文件，或直接粘贴正文）。"

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(slots=True)
class Reading:
    text: str
    claims: list[Claim] = field(default_factory=list)
    message: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"claims": [claim.as_json(self.text) for claim in self.claims]}


def decode(data: bytes) -> str | None:
    """An uploaded file's text: UTF-8 (with or without a BOM) or GB18030; None when it is not text."""
    if b"\x00" in data[:4096]:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def home_of(region: Region | None) -> Home | None:
    if region is None:
        return None
    parent = region.parent.name if region.parent_id and region.parent else None
    return Home(region.name, is_city=region.level != Region.Level.COUNTY, parent=parent)


def _region_names() -> set[str]:
    names = list(Region.objects.values_list("name", flat=True))
    # A name two regions share (青山区) does not say which one a text means.
    return {name for name in names if names.count(name) == 1} if len(names) < 5000 else set()


def read(text: str, region: Region | None = None, *, database: bool = True, viewer: Any | None = None) -> Reading:
    """Every claim of ``text`` with its checks; ``region`` is what 我区/全区 refer to; ``viewer``, the
    user whose scope limits which regions' records the checks may read (None: the command line)."""
    if not text.strip():
        return Reading(text, message=EMPTY)
    if _CJK.search(text) is None:
        return Reading(text, message=NOT_CHINESE)
    claims = extract(
        text,
        home=home_of(region),
        regions=_region_names() if database else (),
        vocabulary=database_vocabulary() if database else None,
    )
    arithmetic(claims)
    if database:
        against_records(claims, Records(viewer))
    return Reading(text, claims, None if claims else NOTHING_FOUND)
