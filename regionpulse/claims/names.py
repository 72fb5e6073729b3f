"""A figure's name from the words around its number: "全县实现社会消费品零售总额" → 社会消费品零售总额,
"117个投资亿元以上重大项目" → 投资亿元以上重大项目, "城镇、乡村消费品零售额" → two names."""

from __future__ import annotations

import re
from functools import lru_cache

from regionpulse.claims.periods import PERIOD_RE

REGION_WORDS = (
    "全县",
    "全区",
    "全旗",
    "全市",
    "全盟",
    "全州",
    "我县",
    "我区",
    "我旗",
    "我市",
    "我盟",
    "我州",
    "本县",
    "本区",
    "该县",
    "该区",
    "该旗",
    "该市",
    "全镇",
    "我镇",
)
_LEADING = re.compile(
    r"^(?:其中|特别是|尤其是|另外|同时|此外|据统计|按?(?:可比价格?|不变价格?|现价)计算|初步统计|经初步核算|初步核算|今年以来|年初以来|今年|去年|目前|截至目前|"
    r"已经|已|共计|共|合计|累计|全年|当年|分别|并|还|也|均|都|仍|则|，|,|、|：|:|\s)"
)
_TRAILING = re.compile(
    r"(?:累计完成|累计实现|实现了|完成了|达到了|达到|完成|实现|达|为|有|是|突破|超过|共计|合计|总计|累计|约|近|超|逾|"
    r"分别为|分别|各为|各|仍|都|均|已经|已|共|保持|总额为|已达|将近|接近|仅|只有|\s|，|,|：|:)$"
)
_LEADING_VERB = re.compile(r"^(?:累计完成|累计实现|实现|完成|达到)")
_INNER_VERB = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:完成|实现)(?=[\u4e00-\u9fff]{2})")
_COUNTY = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:县|旗)(?=[\u4e00-\u9fff]{2})")
_DISTRICT = re.compile(r"^[\u4e00-\u9fff]{2,3}区(?=已|共|实现|完成|累计|新|全年|今年|上半年|前三季度|截至)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# 较2023年末净增: the base of a comparison is not part of the name.
_COMPARED = re.compile(r"(?:较|比)(?:\d{4}年)?(?:上年|去年)?(?:年末|年初|末|底|同期)")
_BRACKETS = re.compile(r"[（(][^（()）]{0,20}[）)]")
_COUNT_VERB_EDGES = re.compile(r"^帮助企业|了$")
_COUNT_VERB = re.compile(
    r"(?:帮助企业)?(?:协调)?(?:解决|收集到?|引进|新增|储备|策划|签约|洽谈|走访|接待|成立|办结|开工|建成|落地|实施|"
    r"培育|认定|新签约?|受理|服务)(?:了)?$"
)
_HEAD_NOUN = re.compile(r"项目|企业|问题|诉求|工单|事项|工作组|市场主体|园区")
_RIGHT_STOP = re.compile(r"总投资|年内|年度|计划|完成|累计|同比|增长|实现|达到|达|[，,。；;、：:（(\d]")


_REGION_WORD = re.compile("^(?:" + "|".join(REGION_WORDS) + ")")
_PERIOD_HINT = re.compile(r"[\d季年月半]")


def _strip_leading(name: str, regions: frozenset[str]) -> str:
    lengths = sorted({len(region) for region in regions}, reverse=True) if regions else []
    while True:
        before = name
        name = _REGION_WORD.sub("", _LEADING.sub("", name))
        for length in lengths:
            if name[:length] in regions:
                name = name[length:]
                break
        name = _DISTRICT.sub("", _COUNTY.sub("", name))
        if name == before:
            return name


def _bare(text: str, regions: frozenset[str]) -> str:
    """The name without places, periods, comparisons, brackets, connectives and trailing verbs."""
    name = PERIOD_RE.sub("", text) if _PERIOD_HINT.search(text) else text
    if "(" in name or "（" in name:
        name = _BRACKETS.sub("", name)
    if "较" in name or "比" in name:
        name = _COMPARED.sub("", name)
    name = name.strip()
    previous = None
    while name != previous:
        previous = name
        name = _TRAILING.sub("", _strip_leading(name, regions))
    return name


_NOT_IN_NAMES = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9“”\"、·\-—.%‰]")
_ABBREVIATION = re.compile(r"GDP|CPI|PPI")
LONGEST_NAME = 32


def _finished(name: str) -> str:
    name = name.strip("，,、：:（(）) ")
    # A name is words: symbols or a run-on clause mean the text around the number is not a name.
    if len(name) > LONGEST_NAME or _NOT_IN_NAMES.search(name):
        return ""
    return name if len(_CJK.findall(name)) >= 2 or _ABBREVIATION.search(name) else ""


def _without_verbs(name: str) -> str:
    if "完成" not in name and "实现" not in name and "达到" not in name:
        return name
    if len(name) > 4:
        name = _LEADING_VERB.sub("", name)
    return _INNER_VERB.sub("", name)


# A bulletin writes the same few words before its numbers again and again (，同比增长, 其中, the
# indicators' names), and tidying them takes a dozen regular expressions: the last few thousand
# names are remembered.
@lru_cache(maxsize=8192)
def tidy(text: str, regions: frozenset[str] = frozenset(), keep_verbs: bool = False) -> str:
    """The name a stretch of text gives a figure, without places, periods, connectives and verbs
    (``keep_verbs``: with the verbs inside it, which tell a plan from what was done)."""
    name = _bare(text, regions)
    return _finished(name if keep_verbs else _without_verbs(name))


@lru_cache(maxsize=8192)
def names(text: str, regions: frozenset[str] = frozenset()) -> tuple[str, str]:
    """The name (as ``tidy``) and the name with its verbs, from one pass over the text."""
    name = _bare(text, regions)
    return _finished(_without_verbs(name)), _finished(name)


def counted_noun(right: str) -> str:
    """What a count counts when the noun follows it: "个投资亿元以上重大项目总投资…" → 投资亿元以上重大项目."""
    stop = _RIGHT_STOP.search(right, 1)
    phrase = right[: stop.start() if stop else 20][:20]
    head = _HEAD_NOUN.search(phrase)
    return phrase[: head.end()] if head else phrase


def counting_verb(left: str) -> str:
    """The verb of a count whose noun follows: "累计帮助企业协调解决" → 协调解决 (…130余项问题)."""
    match = _COUNT_VERB.search(left)
    if match is None:
        return ""
    return _COUNT_VERB_EDGES.sub("", match.group(0))


_ITEM_SEPARATORS = re.compile(r"、|和|及|与")


def split_names(name: str, count: int) -> list[str]:
    """The names a list of values maps onto: "城镇、乡村消费品零售额" with two values → two names."""
    if name.startswith("城乡") and count == 2:
        rest = name[2:]
        return ["城镇" + rest, "农村" + rest]
    # 、 separates the items; 和/及/与 may also join words inside one (蔬菜及食用菌、瓜果产量).
    items = [item for item in name.split("、") if item]
    if len(items) != count:
        items = [item for item in _ITEM_SEPARATORS.split(name) if item]
    if len(items) != count:
        return []
    first, last = items[0], items[-1]
    # The last item carries the words the items share: 城镇、乡村|消费品零售额.
    if len(last) > len(first) + 1:
        shared = last[len(first) :]
        items = [item + shared for item in items[:-1]] + [last]
    return items
