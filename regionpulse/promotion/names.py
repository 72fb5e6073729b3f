"""Enterprise names as a district's lists write them, reduced to one form for finding duplicates.

"内蒙古 通威（集团）有限公司" and "内蒙古通威(集团)有限公司" are the same enterprise: full-width and
half-width forms, spaces and bracket styles differ between lists, the name does not.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "[": "(", "]": ")"})


def normalise_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).translate(_BRACKETS)
    return _SPACES.sub("", text).lower()
