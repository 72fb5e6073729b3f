from dataclasses import dataclass

from regionpulse.core.credit_code import check_character
from regionpulse.core.models import Department, Enterprise, Function, Leader, Region, TaskForce

DEPARTMENTS = [
    ("昆都仑区发展和改革委员会", "区发改委", Function.DEVELOPMENT),
    ("昆都仑区统计局", "区统计局", Function.STATISTICS),
    ("昆都仑区财政局", "区财政局", Function.FINANCE),
    ("昆都仑区工业和信息化局", "区工信局", Function.INDUSTRY),
    ("昆都仑区投资促进局", "区投促局", Function.PROMOTION),
    ("昆都仑区营商环境建设局", "区营商局", Function.BUSINESS_ENVIRONMENT),
    ("昆都仑区住房和城乡建设局", "区住建局", Function.HOUSING),
    ("昆都仑区商务局", "区商务局", Function.COMMERCE),
    ("昆都仑区自然资源局", "区自然资源局", Function.NATURAL_RESOURCES),
    ("昆都仑区人力资源和社会保障局", "区人社局", Function.HUMAN_RESOURCES),
]
LEADERS = [
    ("王建国", "区委副书记、区长"),
    ("李红梅", "区委常委、常务副区长"),
    ("张志强", "副区长"),
    ("刘海涛", "副区长"),
    ("陈晓东", "区委常委、组织部部长"),
]
# 六个专班推进: each with its lead leader (by index above).
TASK_FORCES = [
    ("光伏新能源产业专班", 1),
    ("风电装备制造产业专班", 2),
    ("钢铁及稀土新材料产业专班", 3),
    ("现代服务业专班", 4),
    ("城市更新与基础设施专班", 0),
    ("招商引资专班", 0),
]
ENTERPRISES = [
    "内蒙古通威高纯晶硅有限公司",
    "包头美科硅能源有限公司",
    "包头龙马风电装备有限公司",
    "包头数字经济研究院有限公司",
]


def demo_credit_code(serial: int) -> str:
    """A valid-looking code for a demo enterprise (registration 91, region 150203)."""
    first17 = f"91150203MA{serial:07d}"
    return first17 + check_character(first17)


@dataclass
class Organisations:
    departments: dict[Function, Department]
    leaders: list[Leader]
    task_forces: list[TaskForce]
    enterprises: list[Enterprise]


def load(region: Region) -> Organisations:
    departments: dict[Function, Department] = {}
    for name, short, function in DEPARTMENTS:
        departments[function], _ = Department.objects.get_or_create(
            region=region, name=name, defaults={"short_name": short, "function": function}
        )
    leaders = [
        Leader.objects.get_or_create(region=region, name=name, defaults={"title": title})[0] for name, title in LEADERS
    ]
    task_forces = [
        TaskForce.objects.get_or_create(
            region=region,
            name=name,
            defaults={"leader": leaders[leader], "department": departments[Function.DEVELOPMENT]},
        )[0]
        for name, leader in TASK_FORCES
    ]
    enterprises = [
        Enterprise.objects.get_or_create(
            name=name, defaults={"region": region, "credit_code": demo_credit_code(serial)}
        )[0]
        for serial, name in enumerate(ENTERPRISES, start=1)
    ]
    return Organisations(departments, leaders, task_forces, enterprises)
