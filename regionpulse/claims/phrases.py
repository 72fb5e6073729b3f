"""The phrases that say what a number is: a value, a growth, a share of the parent, a gap in
percentage points, a target's completion, a rank. Each is a pattern on the few characters before
the number, so that no pattern ever scans more than a short window (no backtracking over the text).

The patterns searched at every position (of the whole text, or of the words before each number)
begin with a lookahead for the characters a match can begin with: at any other position they fail
at once, where the bare pattern would first try each of its alternatives and optional groups (two
to eight times slower).
"""

from __future__ import annotations

import re
from decimal import Decimal

from regionpulse.claims.numbers import VALUE_UNITS

_AR = r"(?<![\d.])(?<!\d,)\d{1,15}(?:,\d{3}){0,5}(?:\.\d{1,8})?"
_CN = r"(?<![零〇一二两三四五六七八九十百千])[零〇一二两三四五六七八九十百千]{1,12}(?:点[零〇一二三四五六七八九]{1,6})?"
_UNITS = "|".join(["个百分点", "百分点", "%", "‰", "倍", *map(re.escape, VALUE_UNITS)])
# 亿 or 万 alone (56.7亿) is money when no other unit follows it.
_BARE = r"亿(?![\u4e00-\u9fff])|万(?![\u4e00-\u9fff])"

ATOM_RE = re.compile(
    r"(?=[近超逾约突不百\-\d零〇一二两三四五六七八九十千])"
    rf"(?P<pre>近|超过|超|逾|约|突破|不足|不到)?"
    rf"(?:百分之(?P<pct_words>{_CN}|{_AR})"
    rf"|(?P<sign>-)?(?P<num>{_AR}|{_CN})(?P<post>余|多)?[ \u3000]?(?P<unit>{_UNITS}|{_BARE}))"
    rf"(?P<after>以上|以下|左右|上下)?"
)

PARENT = r"(?:全市|全盟|全州|全地区)"

QUALIFIERS = {
    "近": "近",
    "不足": "近",
    "不到": "近",
    "超过": "超",
    "超": "超",
    "逾": "超",
    "突破": "超",
    "约": "约",
    "余": "余",
    "多": "余",
    "左右": "约",
    "上下": "约",
}

GROWTH_UP = ("增长", "增加", "提高", "上升", "上涨", "提升", "加快", "增", "比增", "增速为", "增速达", "增速")
GROWTH_DOWN = ("下降", "减少", "回落", "降低", "下滑", "减", "降")
_GROWTH_VERBS = "|".join(sorted(GROWTH_UP + GROWTH_DOWN, key=len, reverse=True))
_YOY_BASIS = (
    r"同比|比上年同期|比去年同期|较上年同期|较去年同期|比上年末|较上年末|比上年|比去年|较上年|较去年|"
    r"同口径|可比价格?计算|按可比价格?计算|可比价?|现价"
)
GROWTH_RE = re.compile(
    r"(?=[同比较可按现，,分均仍也则实保增提上加下减回降])"
    rf"(?P<basis>{_YOY_BASIS})?[，,]?(?:分别|均|仍|也|则)?(?:实现|保持)?"
    rf"(?P<verb>{_GROWTH_VERBS})(?:了|幅度为|幅度达)?(?:分别)?(?:为|达)?$"
)
# Growth against another base (two-year average, the start of the year, another month or quarter):
# a different figure from the year-on-year growth, and not one the claim format holds.
OTHER_BASIS_RE = re.compile(
    r"(?=[两年环比较增降时序拉上下])"
    r"(?:两年平均|年均|环比|比年初|较年初|比上月|较上月|比上季|较上季|(?:比|较)(?:今年)?(?:1|一)?[-—~至]?\d{1,2}月份?|"
    r"(?:比|较)(?:今年)?(?:[一二三四]季度|上半年|一季度)|比\d{4}年|(?:比|较)上年同期[^，,]{0,4}(?:高|低)|"
    r"(?:增速|增幅|降幅|增长率|增长速度)[^，,；;。]{0,10}?(?:比|较|回落|提高|加快|放缓|收窄|扩大|下降|上升|高|低)|"
    r"时间进度|序时进度|拉动|上拉|下拉)[^，,；;。]{0,12}$"
)
GAP_RE = re.compile(
    rf"(?:(?P<dir>高于|低于|快于|慢于|高出|低出|超出|超过|落后于?|领先){PARENT}(?:平均水平|平均|水平|增速|平均增速)?"
    rf"|(?:比|较){PARENT}(?:平均水平|平均)?(?P<dir2>高|低|快|慢))(?:了)?$"
)
SHARE_PARENT_RE = re.compile(rf"占{PARENT}[^，,；;。]{{0,10}}?(?:的|比重为|比重达到?|比重|比例为)?$")
TARGET_RE = re.compile(
    r"(?:完成|占|为|达到?|实现)(?:了)?[^，,；;。]{0,16}?(?:计划|目标|任务)[^，,；;。]{0,12}?的(?:比例为)?$"
    r"|完成率(?:分别)?(?:为|达到?)?$"
)
TARGET_VALUE_RE = re.compile(r"(?:计划|目标|任务|目标任务|考核目标)(?:数)?$")
SHARE_OTHER_RE = re.compile(r"占(?!比)(?P<whole>[^，,；;。]{1,16}?)(?:的|总量的|的比重为?|比重为?|比重达到?|比例为?)?$")
RATIO_VALUE_RE = re.compile(
    r"(?=[率比占水面度为达是])(?:(?:率|比重|比例|占比|水平|面|度)(?:分别)?(?:为|达到?|是|保持在?)?$|(?:为|达到?|是)$)"
)

RANK_RE = re.compile(
    r"(?=[总绝规增综均排位居列名])"
    rf"(?P<what>总量|绝对量|总额|规模|增速|增幅|综合|增长速度)?(?:均)?"
    rf"(?:排名)?(?:位居|居于|位列|排名|排在|排位|名列|居|列|排)(?:于)?{PARENT}"
    r"(?:各区县|各县区|各县市区|各旗县区|各区|各县|各旗县|区县|县区)?"
    r"(?:第(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})(?:位|名)?|(?P<first>首位|榜首|首))"
)
FLAT_RE = re.compile(
    r"(?=[同与])(?:(?P<yoy>同比持平|与上年持平|与去年持平|与上年同期持平|与去年同期持平)"
    rf"|与(?P<parent>{PARENT})(?:平均水平|增速)?持平)"
)

# After a measured value, what may follow in a figure's own sentence; anything else makes the
# number part of a name (5万吨高纯晶硅项目) rather than a figure.
CONTINUES_RE = re.compile(
    r"[，,。；;、：:）)（(\]】\s]|$|同比|比上|比去|较上|较去|增长|增加|下降|减少|回落|提高|占|完成|位居|居全|排名|排在|"
    r"左右|以上|以下|和|及|与|或|分别|其中|为|是|较|比|，|的"
)
LIST_GAP_RE = re.compile(r"\s*(?:、|和|及|与|以及|、分别为?|，分别为?)\s*")


def is_negative(verb: str) -> bool:
    return verb in GROWTH_DOWN


def signed(value: Decimal, verb: str | None, negative_sign: bool) -> Decimal:
    sign = -1 if (verb is not None and is_negative(verb)) != negative_sign else 1
    return value * sign
