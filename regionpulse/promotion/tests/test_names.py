"""One enterprise, however a list spells it: spaces, full-width forms and bracket styles do not make a new name."""

from __future__ import annotations

import pytest

from regionpulse.promotion.names import normalise_name

TONGWEI = "内蒙古通威(集团)有限公司"


@pytest.mark.parametrize(
    "spelling",
    [
        "内蒙古通威(集团)有限公司",
        "内蒙古 通威（集团）有限公司",
        "内蒙古通威（集团）有限公司",
        "内蒙古通威【集团】有限公司",
        "  内蒙古\u3000通威 ( 集团 ) 有限公司 ",
        "内蒙古通威\t(集团)\n有限公司",
    ],
)
def test_spaces_and_bracket_styles_give_the_same_name(spelling: str) -> None:
    assert normalise_name(spelling) == normalise_name(TONGWEI)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("ＴＣＬ中环新能源科技股份有限公司", "TCL中环新能源科技股份有限公司"),
        ("ｔｃｌ中环新能源科技股份有限公司", "TCL中环新能源科技股份有限公司"),
        ("ＴＣＬ 中环新能源（内蒙古）有限公司", "TCL中环新能源【内蒙古】有限公司"),
        ("京东方Ａ３有限公司", "京东方A3有限公司"),
    ],
)
def test_full_width_and_half_width_letters_give_the_same_name(one: str, other: str) -> None:
    assert normalise_name(one) == normalise_name(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("内蒙古通威(集团)有限公司", "内蒙古通威有限公司"),
        ("内蒙古通威(集团)有限公司", "四川通威(集团)有限公司"),
        ("包头美科硅能源有限公司", "包头美科硅材料有限公司"),
        ("TCL中环新能源科技股份有限公司", "TCL中环新能源科技有限公司"),
        ("北方稀土(包头)有限公司", "北方稀土(青山)有限公司"),
    ],
)
def test_different_names_stay_different(one: str, other: str) -> None:
    assert normalise_name(one) != normalise_name(other)
