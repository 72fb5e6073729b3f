"""Demo logins, one per role. They exist only where `regionpulse demo` has been run."""

from dataclasses import dataclass
from typing import Any

from regionpulse.core.models import Function, Region, Role, User
from regionpulse.demo.organisations import Organisations

PASSWORD = "Kdl-demo-2022"  # noqa: S105 - the demo's published password


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    role: Role
    note: str


LOGINS = [
    DemoLogin("leader", "王建国", Role.LEADER, "区领导：全区数据、驾驶舱"),
    DemoLogin("tongji", "赵统计", Role.DEPARTMENT, "区统计局（可审核）：经济指标的报送与审核"),
    DemoLogin("caizheng", "钱财政", Role.DEPARTMENT, "区财政局：一般公共预算收入"),
    DemoLogin("fagai", "吴发改", Role.DEPARTMENT, "区发改委（可审核）：重大项目台账的维护"),
    DemoLogin("gongxin", "郑工信", Role.DEPARTMENT, "区工信局（可审核）：审核工业项目的月度进展"),
    DemoLogin("touzi", "冯投促", Role.DEPARTMENT, "区投促局：招商项目看板、对接洽谈、年度目标"),
    DemoLogin("yingshang", "卫营商", Role.DEPARTMENT, "区营商局（可审核）：企业诉求受理、督办，重点企业服务专员"),
    DemoLogin("zhuanban", "孙专班", Role.TASK_FORCE, "光伏新能源产业专班成员"),
    DemoLogin("qiye", "周企业", Role.ENTERPRISE, "内蒙古通威高纯晶硅有限公司：填报项目月度进展、提出诉求"),
    DemoLogin("admin", "系统管理员", Role.ADMIN, "系统管理员：全部数据与管理后台"),
    DemoLogin("anquan", "安全管理员", Role.SECURITY, "安全管理员：解除登录锁定，查阅审计记录"),
    DemoLogin("shenji", "安全审计员", Role.AUDITOR, "安全审计员：查阅、导出审计记录，不能修改数据"),
]


def load(region: Region, organisations: Organisations) -> list[DemoLogin]:
    links: dict[str, dict[str, Any]] = {
        "leader": {"leader": organisations.leaders[0]},
        "tongji": {"department": organisations.departments[Function.STATISTICS], "can_review": True},
        "caizheng": {"department": organisations.departments[Function.FINANCE]},
        "fagai": {"department": organisations.departments[Function.DEVELOPMENT], "can_review": True},
        "gongxin": {"department": organisations.departments[Function.INDUSTRY], "can_review": True},
        "touzi": {"department": organisations.departments[Function.PROMOTION]},
        "yingshang": {"department": organisations.departments[Function.BUSINESS_ENVIRONMENT], "can_review": True},
        "zhuanban": {"task_force": organisations.task_forces[0]},
        "qiye": {"enterprise": organisations.enterprises[0]},
        "admin": {"is_staff": True, "is_superuser": True},
        "anquan": {},
        "shenji": {},
    }
    for login in LOGINS:
        user, created = User.objects.get_or_create(
            username=login.username,
            defaults={"first_name": login.name, "role": login.role, "region": region, **links[login.username]},
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
    return LOGINS
