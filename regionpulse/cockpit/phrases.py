"""How the cockpit words a figure: 高于全市0.1个百分点, 位居全市首位, 同比增长6.9%."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from regionpulse.core.models import Region
from regionpulse.core.units import format_number, round_half_up

CN_ORDINALS = ["首", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九", "第十", "第十一", "第十二"]


def parent_word(region: Region) -> str:
    """全市 for a city, 全区 for an autonomous region, 全省 for a province."""
    parent = region.parent
    if parent is None:
        return _("全国")
    if parent.level == Region.Level.CITY:
        return _("全市") if not parent.name.endswith("盟") else _("全盟")
    return _("全区") if parent.name.endswith("自治区") else _("全省")


def growth_phrase(growth: Decimal | None, decimals: int, points: bool = False) -> str:
    if growth is None:
        return ""
    text = format_number(abs(growth), decimals)
    if round_half_up(growth, decimals) == 0:
        return _("同比持平")
    if points:
        template = _("同比提高%(n)s个百分点") if growth > 0 else _("同比降低%(n)s个百分点")
    else:
        template = _("同比增长%(n)s%%") if growth > 0 else _("同比下降%(n)s%%")
    return template % {"n": text}


def gap_phrase(gap: Decimal | None, parent: str) -> str:
    if gap is None:
        return ""
    if round_half_up(gap, 1) == 0:
        return _("与%(parent)s持平") % {"parent": parent}
    template = _("高于%(parent)s%(n)s个百分点") if gap > 0 else _("低于%(parent)s%(n)s个百分点")
    return template % {"parent": parent, "n": format_number(abs(gap), 1)}


def rank_phrase(rank: int | None, parent: str) -> str:
    if rank is None:
        return ""
    if get_language().startswith("zh"):
        ordinal = CN_ORDINALS[rank - 1] if rank <= len(CN_ORDINALS) else f"第{rank}"
    else:
        ordinal = f"no. {rank}"
    return _("位居%(parent)s%(ordinal)s位") % {"parent": parent, "ordinal": ordinal}


def share_phrase(share: Decimal | None, parent: str) -> str:
    if share is None:
        return ""
    return _("占%(parent)s%(n)s%%") % {"parent": parent, "n": format_number(share, 1)}
