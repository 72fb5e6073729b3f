"""昆都仑区's service desk, 2021 to June 2022, loaded through the desk's importers.

To June 2022: 134 requests and project problems resolved and confirmed (the bulletin writes
累计帮助企业协调解决130余项问题), a few resolved and awaiting the enterprise's word, some open and three
overdue; the key-enterprise list with its service officer; approval cases at the one-seal bureau.
Every title, date and rating is illustrative.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from typing import Any

from regionpulse.core.models import Enterprise, Region, User
from regionpulse.desk.importers import APPROVAL_COLUMNS, REQUEST_COLUMNS, ApprovalImporter, RequestImporter
from regionpulse.desk.models import KeyEnterprise, Request
from regionpulse.desk.workdays import add_working_days, is_working_day
from regionpulse.projects.models import Project

CONFIRMED_H1 = 134
AWAITING = 6
OPEN_ON_TIME = 5
OVERDUE = 3
CONFIRMED_2021 = 90
H1_END = datetime.date(2022, 6, 30)
# (category label, department short name, titles)
TOPICS = [
    ("审批手续", "区营商局", ["项目备案变更手续办理", "施工许可证办理进度", "环评审批协调"]),
    ("用地", "区自然资源局", ["项目用地指标协调", "土地证办理", "临时用地审批"]),
    ("用能", "区发改委", ["用能指标申请", "双回路供电接入", "能评审查协调"]),
    ("融资", "区财政局", ["流动资金贷款对接", "担保融资协调", "技改贴息申报"]),
    ("用工", "区人社局", ["技术工人招聘", "员工宿舍协调", "稳岗补贴申领"]),
    ("配套设施", "区住建局", ["厂区道路接通", "供水管网接入", "天然气管线配套"]),
    ("政策兑现", "区工信局", ["技改奖补资金兑现", "首台套奖励兑现", "研发费用补助"]),
    ("其他", "区营商局", ["子女入学协调", "企业周边交通组织", "物流车辆通行证"]),
]
SOURCES = ["企业网上提交", "重点企业服务专区", "领导走访"]
RESOLUTIONS = ["已协调相关部门办理完毕", "已现场办公解决", "已出具书面答复并落实", "已纳入专项资金并拨付"]
APPROVAL_ITEMS = [
    ("企业投资项目备案", 20, 3),
    ("建设工程规划许可证核发", 20, 7),
    ("建筑工程施工许可证核发", 15, 5),
    ("食品经营许可", 20, 5),
    ("公共场所卫生许可", 20, 5),
    ("城镇污水排入排水管网许可", 20, 7),
]


def _working_day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    while True:
        day = start + datetime.timedelta(days=rng.randrange((end - start).days + 1))
        if is_working_day(day):
            return day


class Desk:
    def __init__(self, home: Region) -> None:
        self.rng = random.Random("regionpulse-demo-desk")
        self.home = home
        self.enterprises = list(Enterprise.objects.filter(region=home).order_by("name").values_list("name", flat=True))
        self.projects = list(
            Project.objects.filter(region=home, listings__year=2022, owner__isnull=False)
            .order_by("code")
            .values_list("code", flat=True)[:40]
        )
        self.serial = 0

    def _row(self, year: int, raised: datetime.date, state: str, project: bool) -> list[Any]:
        rng = self.rng
        self.serial += 1
        category, department, titles = rng.choice(TOPICS)
        complex_case = rng.random() < 0.15
        limit = 30 if complex_case else 15
        accepted = resolved = confirmed = None
        resolution = rating = None
        if state in {"accepted", "resolved", "confirmed"}:
            accepted = add_working_days(raised, rng.choice([0, 1, 1]))
        if state in {"resolved", "confirmed"}:
            resolved = add_working_days(raised, rng.randint(2, limit - 1))
            resolution = rng.choice(RESOLUTIONS)
        if state == "confirmed":
            assert resolved is not None
            confirmed = resolved + datetime.timedelta(days=rng.randint(0, 4))
            rating = rng.choices([5, 4, 3], [7, 2, 1])[0]
        code = rng.choice(self.projects) if project and self.projects else None
        return [
            f"KDL-SQ-{year}-{self.serial:04d}",
            self.home.code,
            rng.choice(titles),
            f"企业反映：{rng.choice(titles)}，请协调办理。",
            category,
            "复杂" if complex_case else "一般",
            "专班调度会" if code else rng.choice(SOURCES),
            None if code else rng.choice(self.enterprises),
            code,
            department,
            raised,
            accepted,
            resolved,
            resolution,
            confirmed,
            rating,
        ]

    def request_rows(self) -> Iterator[list[Any]]:
        yield [column.header for column in REQUEST_COLUMNS]
        rng = self.rng
        for _ in range(CONFIRMED_2021):
            raised = _working_day(rng, datetime.date(2021, 1, 11), datetime.date(2021, 11, 15))
            yield self._row(2021, raised, "confirmed", rng.random() < 0.2)
        # Confirmed by the end of June: raised early enough for 30 working days and a few days more.
        for _ in range(CONFIRMED_H1):
            raised = _working_day(rng, datetime.date(2022, 1, 4), datetime.date(2022, 5, 6))
            yield self._row(2022, raised, "confirmed", rng.random() < 0.2)
        for _ in range(AWAITING):
            yield self._row(
                2022, _working_day(rng, datetime.date(2022, 6, 1), datetime.date(2022, 6, 8)), "resolved", False
            )
        for _ in range(OPEN_ON_TIME):
            yield self._row(
                2022, _working_day(rng, datetime.date(2022, 6, 13), datetime.date(2022, 6, 24)), "accepted", False
            )
        for _ in range(OVERDUE):
            # Raised in April, still not resolved at the end of June: past the 15 working days.
            yield self._row(
                2022, _working_day(rng, datetime.date(2022, 4, 6), datetime.date(2022, 4, 29)), "accepted", True
            )

    def approval_rows(self) -> Iterator[list[Any]]:
        yield [column.header for column in APPROVAL_COLUMNS]
        rng = self.rng
        for _ in range(60):
            item, statutory, promised = rng.choice(APPROVAL_ITEMS)
            received = _working_day(rng, datetime.date(2022, 1, 4), datetime.date(2022, 6, 10))
            # Most finish within the promise, a few run a day or two over.
            finished = add_working_days(received, max(1, promised + rng.choice([-2, -1, -1, 0, 0, 0, 1, 2])))
            yield [self.home.code, item, rng.choice(self.enterprises), statutory, promised, received, finished]


def _key_enterprises(home: Region) -> None:
    officer = User.objects.filter(username="yingshang").first()
    for enterprise in Enterprise.objects.filter(region=home).order_by("name")[:15]:
        KeyEnterprise.objects.get_or_create(
            enterprise=enterprise, defaults={"region": home, "officer": officer, "since": 2021}
        )


def load(home: Region) -> int:
    if Request.objects.filter(region=home).exists():
        return 0
    desk = Desk(home)
    result = RequestImporter(None).run(desk.request_rows())
    ApprovalImporter(None).run(desk.approval_rows())
    return result.rows


def load_key_enterprises(home: Region) -> None:
    """Once the officer's login exists: the key-enterprise list with its service officer."""
    if not KeyEnterprise.objects.filter(region=home).exists():
        _key_enterprises(home)
