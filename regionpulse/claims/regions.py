"""Which region a figure is of: a name the text writes (昆都仑区), or 我区/全区/全县 for the region the
caller names, 全市/全盟 for its parent. A figure's region is the last one written before it."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

_OWN_WORDS = ("全县", "全区", "全旗", "我县", "我区", "我旗", "本县", "本区", "该县", "该区", "该旗")
_CITY_WORDS = ("全市", "我市", "全盟", "我盟", "全州", "我州", "本市", "该市")
# 占全市, 高于全市, 位居全市 compare with a region; they do not say whose figure it is. The lookahead
# (the words' first characters) makes the scan fail at once elsewhere, before the lookbehind.
_WORD_RE = re.compile(rf"(?=[全我本该])(?<![占于比较居列在与的排名])({'|'.join(_OWN_WORDS + _CITY_WORDS)})")
_SUFFIX_RE = re.compile(r"[区县旗市盟州]")


@dataclass(frozen=True, slots=True)
class Home:
    """The region the caller names, and what 全市 means beside it."""

    name: str
    is_city: bool = False
    parent: str | None = None

    def word(self, word: str) -> str | None:
        if word in _CITY_WORDS:
            return self.name if self.is_city else self.parent
        return None if self.is_city else self.name


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    region: str | None


def mentions(text: str, home: Home | None, names: Collection[str]) -> list[Mention]:
    found = [Mention(match.start(), home.word(match.group(1)) if home else None) for match in _WORD_RE.finditer(text)]
    if names:
        longest = max(map(len, names))
        for match in _SUFFIX_RE.finditer(text):
            end = match.end()
            for length in range(min(longest, end), 1, -1):
                candidate = text[end - length : end]
                if candidate in names:
                    found.append(Mention(end - length, candidate))
                    break
    return sorted(found, key=lambda mention: mention.start)


class RegionContext:
    def __init__(self, text: str, home: Home | None, names: Collection[str] = ()) -> None:
        self._mentions = mentions(text, home, names)
        self._index = 0
        self.home = home.name if home else None
        self.current: str | None = None

    def at(self, position: int) -> str | None:
        while self._index < len(self._mentions) and self._mentions[self._index].start < position:
            self.current = self._mentions[self._index].region
            self._index += 1
        return self.current or self.home

    def names(self) -> list[str]:
        return [mention.region for mention in self._mentions if mention.region]
