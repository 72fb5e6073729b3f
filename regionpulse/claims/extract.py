"""Every figure a Chinese bulletin states: ``extract(text)`` returns the claims in text order.

The text is read once, left to right. Each number with a unit is an atom; the few characters
before it say what it is (a value, a growth, a share…), and the claims of the current sentence
collect what is said about them: "地区生产总值达592.48亿元，占全市总量的31.4%，同比增长6.9%" is one
claim with three numbers. A list ("分别完成全年计划的84%、171%") maps onto the claims before it,
the last ones first. Nothing here looks further back than the current sentence, so the work is
linear in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from regionpulse.claims import phrases
from regionpulse.claims.aliases import Vocabulary, default_vocabulary
from regionpulse.claims.claim import Claim
from regionpulse.claims.names import counted_noun, counting_verb, split_names, tidy
from regionpulse.claims.names import names as name_and_written
from regionpulse.claims.numbers import COUNTERS, normalise, parse_number
from regionpulse.claims.periods import PeriodContext
from regionpulse.claims.regions import Home, RegionContext

SENTENCE_ENDS = re.compile(r"[。！？；;!?\n][^。！？；;!?\n]*$")
CLAUSE_ENDS = re.compile(r"[，,：:][^，,：:]*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PROJECT = re.compile(r"的([\u4e00-\u9fff\dA-Za-z]{2,30}?(?:项目|工程|产业园|园区|基地))")
_TARGET_IN_BRACKETS = re.compile(r"[（(](?:任务数|目标数|目标任务数|计划数|目标|任务)$")
_IN_TARGET_BRACKETS = re.compile(r"[（(](?:任务|目标|计划)[^）)]*$")
_SHARE_WHOLE_EDGES = re.compile(r"^的|的$|比重$|比例$")
_GROWTH_NAME = re.compile(r"(.{2,12}?)(?:收入)?(?:同比)?(?:增速|增幅|增长速度)")
_OWN_NAME_WORDS = {"总量", "总额", "规模", "其中"}
_DEFAULT_VOCABULARY: Vocabulary | None = None

# Where a number or a phrase sits in the text, and what it reads as.
ATOM, RANK, FLAT = 0, 1, 2


@dataclass(slots=True)
class Atom:
    start: int
    end: int
    value: Decimal
    unit: str
    qualifier: str | None
    after: str | None
    negative: bool


@dataclass(slots=True)
class Group:
    """Atoms of one role in a list (84%、171%), with the text before the first one."""

    role: str
    atoms: list[Atom]
    left: str
    left_start: int
    match_start: int = 0  # where the role's phrase begins within ``left``
    verb: str | None = None
    whole: str = ""


# 56.7亿 is 亿元.
_UNIT_NAMES = {"亿": "亿元", "万": "万元", "百分点": "个百分点"}


def _atom(match: re.Match[str]) -> Atom | None:
    pre, sign, words, number, post, unit, after = match.group(
        "pre", "sign", "pct_words", "num", "post", "unit", "after"
    )
    if words is not None:
        number, unit = words, "%"
    value = parse_number(number)
    if value is None:
        return None
    unit = _UNIT_NAMES.get(unit, unit)
    # 六个专班, 三个500强, 一批: small Chinese numerals name things, not figures; and a figure in
    # words has its tens or hundreds written (三十五), unlike a run of digits (一一), which is noise.
    written_out = words is None and not number[:1].isdigit()
    if written_out and ((value < 10 and post is None) or not any(char in "十百千" for char in number)):
        return None
    qualifier = phrases.QUALIFIERS.get(pre or "") or phrases.QUALIFIERS.get(post or "")
    qualifier = qualifier or phrases.QUALIFIERS.get(after or "")
    start, end = match.span()
    return Atom(start, end, value, unit, qualifier, after, sign == "-")


def _events(text: str, periods: list[tuple[int, int]]) -> Iterator[tuple[int, int, int, object]]:
    """Atoms, rank phrases and 持平 phrases in text order."""
    phrases_found = sorted(
        [(m.start(), m.end(), RANK, m) for m in phrases.RANK_RE.finditer(text)]
        + [(m.start(), m.end(), FLAT, m) for m in phrases.FLAT_RE.finditer(text)],
        key=lambda event: event[0],
    )
    pending = 0
    spans = iter(periods)
    span = next(spans, None)
    for match in phrases.ATOM_RE.finditer(text):
        start = match.start()
        while pending < len(phrases_found) and phrases_found[pending][0] < start:
            yield phrases_found[pending]
            pending += 1
        while span is not None and span[1] <= start:
            span = next(spans, None)
        if span is not None and span[0] < match.end() and start < span[1]:
            continue  # part of a period phrase: 前10个月
        if start > 0 and text[start - 1] == "第":
            continue  # an ordinal: 第3位, 第29次
        atom = _atom(match)
        if atom is not None:
            yield atom.start, atom.end, ATOM, atom
    yield from phrases_found[pending:]


# The text between two numbers often repeats (",同比增长", "、"), so its breaks are remembered.
@lru_cache(maxsize=4096)
def _breaks(gap: str) -> tuple[int, int, int]:
    """Where in ``gap`` the last sentence, clause and line end; -1 where none does."""
    sentence_end = SENTENCE_ENDS.search(gap)
    clause_end = CLAUSE_ENDS.search(gap)
    return (
        sentence_end.start() if sentence_end else -1,
        clause_end.start() if clause_end else -1,
        gap.rfind("\n"),
    )


class Reading(NamedTuple):
    """What the words before a number make it: a role (growth, share_parent…), the verb of a growth
    or a gap, where the role's phrase begins within the words, and what a share is of."""

    role: str
    verb: str | None = None
    match_start: int = 0
    whole: str = ""


# The words before numbers repeat (同比增长, 增长, 占全市的), and reading them takes a handful of
# patterns: the last few thousand readings are remembered.
@lru_cache(maxsize=4096)
def _percent_reading(left: str) -> Reading | None:
    """What the words before a percentage make it: None when they rule a figure out (a growth against
    another base, a number in a target's brackets), a reading without a role when they tell nothing."""
    if phrases.OTHER_BASIS_RE.search(left) or _IN_TARGET_BRACKETS.search(left):
        return None
    growth = phrases.GROWTH_RE.search(left)
    if growth:
        return Reading("growth", growth.group("verb"), growth.start())
    for role, pattern in (("share_parent", phrases.SHARE_PARENT_RE), ("target", phrases.TARGET_RE)):
        found = pattern.search(left)
        if found:
            return Reading(role, match_start=found.start())
    share = phrases.SHARE_OTHER_RE.search(left)
    if share:
        return Reading("share_other", match_start=share.start(), whole=share.group("whole"))
    if phrases.RATIO_VALUE_RE.search(left):
        return Reading("ratio")
    return Reading("")


@lru_cache(maxsize=4096)
def _points_reading(left: str) -> Reading | None:
    """What the words before a number of percentage points make it: a gap to the parent or a
    year-on-year change; None for anything else (another base, a contribution)."""
    gap = phrases.GAP_RE.search(left)
    if gap:
        return Reading("gap", gap.group("dir") or gap.group("dir2"), gap.start())
    if phrases.OTHER_BASIS_RE.search(left) or "贡献" in left:
        return None
    growth = phrases.GROWTH_RE.search(left)
    if growth and growth.group("basis"):
        return Reading("points", growth.group("verb"), growth.start())
    return None


@dataclass(slots=True)
class Reader:
    text: str
    vocabulary: Vocabulary
    regions: frozenset[str]
    claims: list[Claim] = field(default_factory=list)
    sentence: list[Claim] = field(default_factory=list)
    sentence_start: int = 0
    paragraph_start: int = 0
    clause_start: int = 0
    last_end: int = 0
    subject: str = ""
    consumed: int = 0  # the end of a counted noun that belongs to the claim before
    group: Group | None = None
    target: tuple[Decimal, str] | None = None

    # -- walking the text ---------------------------------------------------------------

    def feed(self, start: int, end: int, kind: int, payload: object) -> None:
        if start > self.last_end:
            self._pass(self.text[self.last_end : start])
        if kind == ATOM:
            assert isinstance(payload, Atom)
            self._atom(payload)
        else:
            self.flush()
            assert isinstance(payload, re.Match)
            (self._rank if kind == RANK else self._flat)(payload)
        self.last_end = max(self.last_end, end)

    def _pass(self, gap: str) -> None:
        """Move over the text between the last event and the next: a sentence, clause or paragraph may end."""
        sentence_end, clause_end, line_end = _breaks(gap)
        if sentence_end >= 0:
            self.flush()
            self.sentence, self.subject, self.target = [], "", None
            self.sentence_start = self.clause_start = self.last_end + sentence_end + 1
            if line_end >= 0:
                self.paragraph_start = self.last_end + line_end + 1
        if clause_end >= 0:
            self.clause_start = max(self.clause_start, self.last_end + clause_end + 1)

    def _left(self, start: int) -> tuple[str, int]:
        left_start = max(self.clause_start, self.last_end, self.consumed, start - 40)
        return self.text[left_start:start], left_start

    def _atom(self, atom: Atom) -> None:
        if self.group is not None and self._continues(atom, self.text[self.last_end : atom.start]):
            self.group.atoms.append(atom)
            return
        self.flush()
        left, left_start = self._left(atom.start)
        self.group = self._classify(atom, left, left_start)

    def _continues(self, atom: Atom, gap: str) -> bool:
        group = self.group
        assert group is not None
        same_kind = (atom.unit in ("%", "倍")) == (group.atoms[-1].unit in ("%", "倍"))
        return same_kind and phrases.LIST_GAP_RE.fullmatch(gap) is not None

    def flush(self) -> None:
        group, self.group = self.group, None
        if group is not None:
            getattr(self, f"_apply_{group.role}")(group)

    # -- what a number is ---------------------------------------------------------------

    def _classify(self, atom: Atom, left: str, left_start: int) -> Group | None:
        group = Group("", [atom], left, left_start)
        if atom.unit in ("%", "‰", "倍"):
            return self._percent_role(group)
        if atom.unit == "个百分点":
            return self._points_role(group)
        return self._value_role(group)

    def _threshold(self, atom: Atom) -> bool:
        """85%以上, 5000万元以上项目: a bound before a noun names a class of things, not a figure."""
        if atom.after not in ("以上", "以下"):
            return False
        following = self.text[atom.end : atom.end + 1]
        if following and _CJK.match(following):
            return True
        atom.qualifier = "超" if atom.after == "以上" else "近"
        return False

    def _percent_role(self, group: Group) -> Group | None:
        atom = group.atoms[0]
        if self._threshold(atom):
            return None
        reading = _percent_reading(group.left)
        if reading is None:
            return None
        if self.target is not None and phrases.TARGET_RE.search(
            self.text[max(self.clause_start, atom.start - 40) : atom.start]
        ):
            group.role = "target"
            return group
        if not reading.role or (atom.unit == "倍" and reading.role != "growth"):
            return None
        group.role, group.verb, group.match_start, group.whole = reading
        return group

    def _points_role(self, group: Group) -> Group | None:
        reading = _points_reading(group.left)
        if reading is None:
            return None
        group.role, group.verb, group.match_start, group.whole = reading
        return group

    def _value_role(self, group: Group) -> Group | None:
        atom = group.atoms[0]
        if self._threshold(atom):
            return None
        right = self.text[atom.end : atom.end + 40]
        if right.startswith("的") and phrases.TARGET_VALUE_RE.search(group.left):
            self.target = (atom.value, atom.unit)
            return None
        if _TARGET_IN_BRACKETS.search(group.left):
            if self.sentence and self.sentence[-1].target is None:
                self.sentence[-1].target, self.sentence[-1].target_unit = atom.value, atom.unit
            return None
        if atom.unit in COUNTERS:
            group.role = "value"
            return group
        if right.startswith("的"):
            project = _PROJECT.match(right)
            if project is None:
                return None
            group.role, group.whole = "project", project.group(1)
            return group
        if not phrases.CONTINUES_RE.match(right):
            return None  # part of a name: 5万吨高纯晶硅项目
        group.role = "value"
        return group

    # -- what it says about the claims ---------------------------------------------------

    def _new_claim(self, name: str, written: str, start: int, end: int, unit: str | None) -> Claim:
        indicator = self.vocabulary.resolve(name, unit, self.subject, written)
        claim = Claim(
            name=name,
            indicator=indicator,
            start=start,
            end=end,
            sentence=self.sentence_start,
            paragraph=self.paragraph_start,
            subject=self.subject,
        )
        self.sentence.append(claim)
        self.claims.append(claim)
        return claim

    def _name_start(self, group: Group, name: str, within: str | None = None) -> int:
        text = group.left if within is None else within
        index = text.find(name[:2]) if name else -1
        return group.left_start + index if index >= 0 else group.atoms[0].start

    def _apply_value(self, group: Group) -> None:
        first = group.atoms[0]
        name, written = name_and_written(group.left, self.regions)
        start = self._name_start(group, name)
        end_of_noun = first.end
        right = self.text[first.end : first.end + 40]
        if first.unit in COUNTERS and right[:1] and _CJK.match(right[:1]):
            noun = counted_noun(right)
            verb = counting_verb(group.left)
            if noun:
                name = written = verb + noun
                end_of_noun = self.consumed = first.end + len(noun)
                start = group.left_start + group.left.rfind(verb) if verb else first.start
                if "项目" in noun:
                    self.subject = noun
        names = split_names(name, len(group.atoms)) if len(group.atoms) > 1 else [name]
        for index, atom in enumerate(group.atoms):
            label = names[index] if index < len(names) else ""
            if not label:
                continue
            claim = self._new_claim(label, written if len(names) == 1 else label, start, atom.end, atom.unit)
            claim.end = max(atom.end, end_of_noun if index == 0 else atom.end)
            claim.value, claim.unit, claim.qualifier = atom.value, atom.unit, atom.qualifier
            claim.parts.append((atom.start, atom.end, "value"))
            if atom.unit in COUNTERS and "项目" in label and not self.subject:
                self.subject = label

    def _apply_project(self, group: Group) -> None:
        atom = group.atoms[0]
        what = tidy(group.left, self.regions) or "投资"
        claim = self._new_claim(
            group.whole + what, group.whole + what, self._name_start(group, what), atom.end, atom.unit
        )
        claim.end = atom.end + 1 + len(group.whole)
        claim.value, claim.unit, claim.qualifier = atom.value, atom.unit, atom.qualifier
        claim.parts.append((atom.start, atom.end, "value"))

    def _apply_ratio(self, group: Group) -> None:
        name = tidy(group.left, self.regions)
        names = split_names(name, len(group.atoms)) if len(group.atoms) > 1 else [name]
        for label, atom in zip(names, group.atoms, strict=False):
            if label:
                claim = self._new_claim(label, label, self._name_start(group, label), atom.end, "%")
                claim.value, claim.unit, claim.qualifier = atom.value, "%", atom.qualifier
                claim.parts.append((atom.start, atom.end, "value"))

    def _own_name(self, group: Group) -> str:
        name = tidy(group.left[: group.match_start], self.regions)
        return "" if name in _OWN_NAME_WORDS else name

    def _by_growth_name(self, own: str, field_name: str) -> Claim | None:
        """ "农村增速高于全市0.2个百分点": the paragraph's figure whose growth 农村增速 is."""
        match = _GROWTH_NAME.fullmatch(own)
        if match is None:
            return None
        stem = match.group(1)
        return next(
            (
                claim
                for claim in reversed(self.claims[-8:])
                if claim.paragraph == self.paragraph_start
                and claim.name.startswith(stem)
                and claim.yoy_pct is not None
                and getattr(claim, field_name) is None
            ),
            None,
        )

    def _targets(self, group: Group, field_name: str) -> list[Claim]:
        """The claims a list of numbers maps onto: the last ones of the sentence still without it."""
        count = len(group.atoms)
        own = self._own_name(group)
        growth_of = self._by_growth_name(own, field_name) if own and count == 1 else None
        if growth_of is not None:
            return [growth_of]
        if own and _GROWTH_NAME.fullmatch(own):
            return []
        if own:
            names = split_names(own, count) if count > 1 else [own]
            if len(names) != count:
                return []
            found = []
            for name in names:
                claim = next((c for c in self.sentence if c.name == name and getattr(c, field_name) is None), None)
                if claim is None:
                    start = self._name_start(group, name, group.left[: group.match_start])
                    claim = self._new_claim(name, name, start, group.atoms[-1].end, None)
                found.append(claim)
            return found
        if count == 1:
            last = self.sentence[-1] if self.sentence else None
            return [last] if last is not None and getattr(last, field_name) is None else []
        open_claims = [claim for claim in self.sentence if getattr(claim, field_name) is None]
        return open_claims[-count:] if len(open_claims) >= count else []

    def _set(self, group: Group, field_name: str, values: list[Decimal]) -> list[Claim]:
        claims = self._targets(group, field_name)
        for claim, atom, value in zip(claims, group.atoms, values, strict=False):
            setattr(claim, field_name, value)
            claim.end = max(claim.end, atom.end)
            claim.parts.append((atom.start, atom.end, field_name))
        return claims

    def _apply_growth(self, group: Group) -> None:
        values = [
            phrases.signed(atom.value * (100 if atom.unit == "倍" else 1), group.verb, atom.negative)
            for atom in group.atoms
        ]
        self._set(group, "yoy_pct", values)

    def _apply_points(self, group: Group) -> None:
        # A change in points is the year-on-year change of a ratio (城镇化率…提高0.68个百分点) only.
        last = self.sentence[-1] if self.sentence else None
        if len(group.atoms) == 1 and last is not None and last.unit == "%" and last.yoy_pct is None:
            atom = group.atoms[0]
            last.yoy_pct = phrases.signed(atom.value, group.verb, atom.negative)
            last.end = max(last.end, atom.end)
            last.parts.append((atom.start, atom.end, "yoy_pct"))

    def _apply_share_parent(self, group: Group) -> None:
        self._set(group, "share_of_parent_pct", [atom.value for atom in group.atoms])

    def _apply_gap(self, group: Group) -> None:
        negative = group.verb in ("低于", "慢于", "低出", "落后", "落后于", "低", "慢")
        self._set(group, "vs_parent_pp", [-atom.value if negative else atom.value for atom in group.atoms])

    def _apply_target(self, group: Group) -> None:
        claims = self._set(group, "target_completion_pct", [atom.value for atom in group.atoms])
        if self.target is not None and len(claims) == 1:
            claims[0].target, claims[0].target_unit = self.target
        self.target = None

    def _apply_share_other(self, group: Group) -> None:
        own = self._own_name(group)
        count = len(group.atoms)
        if own:
            subjects = split_names(own, count) if count > 1 else [own]
        else:
            subjects = [claim.name for claim in self.sentence[-count:]] if len(self.sentence) >= count else []
        whole = _SHARE_WHOLE_EDGES.sub("", group.whole)
        for subject, atom in zip(subjects, group.atoms, strict=False):
            name = f"{subject}占{whole}比重"
            start = self._name_start(group, subject) if own else atom.start
            claim = self._new_claim(name, name, start, atom.end, "%")
            claim.value, claim.unit = atom.value, "%"
            claim.parts.append((atom.start, atom.end, "value"))
            self.sentence.remove(claim)  # a ratio of another claim, not one the next numbers describe

    def _rank(self, match: re.Match[str]) -> None:
        what = match.group("what")
        if what in ("增速", "增幅", "增长速度", "综合") or not self.sentence:
            return
        claim = self.sentence[-1]
        # Without 总量/绝对量, a rank after a growth ranks the growth (增速排名), not the figure.
        if claim.rank_in_parent is not None or (what is None and (claim.value is None or claim.yoy_pct is not None)):
            return
        number = match.group("n")
        rank = 1 if match.group("first") else parse_number(number) if number else None
        if rank is not None:
            claim.rank_in_parent = int(rank)
            claim.end = max(claim.end, match.end())
            claim.parts.append((match.start(), match.end(), "rank_in_parent"))

    def _flat(self, match: re.Match[str]) -> None:
        left, _ = self._left(match.start())
        own = tidy(left, self.regions)
        if match.group("yoy"):
            if own:
                claim = self._new_claim(
                    own, own, match.start() - len(left) + max(left.find(own[:2]), 0), match.end(), None
                )
                claim.yoy_pct = Decimal(0)
                claim.parts.append((match.start(), match.end(), "yoy_pct"))
            elif self.sentence and self.sentence[-1].yoy_pct is None:
                self._mark(self.sentence[-1], "yoy_pct", match)
        elif own:
            growth_of = self._by_growth_name(own, "vs_parent_pp")
            if growth_of is not None:
                self._mark(growth_of, "vs_parent_pp", match)
        elif self.sentence and self.sentence[-1].vs_parent_pp is None:
            self._mark(self.sentence[-1], "vs_parent_pp", match)

    @staticmethod
    def _mark(claim: Claim, field_name: str, match: re.Match[str]) -> None:
        setattr(claim, field_name, Decimal(0))
        claim.end = max(claim.end, match.end())
        claim.parts.append((match.start(), match.end(), field_name))


def _has_number(claim: Claim) -> bool:
    return not (
        claim.value is None
        and claim.yoy_pct is None
        and claim.share_of_parent_pct is None
        and claim.vs_parent_pp is None
        and claim.rank_in_parent is None
        and claim.target_completion_pct is None
    )


def extract(
    text: str,
    *,
    home: Home | None = None,
    regions: Collection[str] = (),
    vocabulary: Vocabulary | None = None,
    default_year: int | None = None,
) -> list[Claim]:
    """The claims of ``text`` (spans index ``text`` as given), with region and period resolved."""
    global _DEFAULT_VOCABULARY
    if vocabulary is None:
        _DEFAULT_VOCABULARY = _DEFAULT_VOCABULARY or default_vocabulary()
        vocabulary = _DEFAULT_VOCABULARY
    text = normalise(text)
    known = frozenset(regions) | ({home.name} if home else set()) | ({home.parent} if home and home.parent else set())
    periods = PeriodContext(text, default_year)
    reader = Reader(text, vocabulary, known)
    for start, end, kind, payload in _events(text, periods.spans()):
        reader.feed(start, end, kind, payload)
    reader.flush()
    claims = sorted((claim for claim in reader.claims if _has_number(claim)), key=lambda claim: claim.start)
    places = RegionContext(text, home, known)
    for claim in claims:
        claim.period = periods.at(claim.start)
        claim.region = places.at(claim.start)
    return claims
