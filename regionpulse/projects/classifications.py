"""The coded columns of the ledger: national classifications and the district's own categories."""

from django.db import models


class Industry(models.TextChoices):
    """GB/T 4754-2017 国民经济行业分类, by section (门类)."""

    A = "A", "农、林、牧、渔业"
    B = "B", "采矿业"
    C = "C", "制造业"
    D = "D", "电力、热力、燃气及水生产和供应业"
    E = "E", "建筑业"
    F = "F", "批发和零售业"
    G = "G", "交通运输、仓储和邮政业"
    H = "H", "住宿和餐饮业"
    I = "I", "信息传输、软件和信息技术服务业"  # noqa: E741 - the standard's own letter
    J = "J", "金融业"
    K = "K", "房地产业"
    L = "L", "租赁和商务服务业"
    M = "M", "科学研究和技术服务业"
    N = "N", "水利、环境和公共设施管理业"
    O = "O", "居民服务、修理和其他服务业"  # noqa: E741 - the standard's own letter
    P = "P", "教育"
    Q = "Q", "卫生和社会工作"
    R = "R", "文化、体育和娱乐业"
    S = "S", "公共管理、社会保障和社会组织"
    T = "T", "国际组织"


class EmergingIndustry(models.TextChoices):
    """战略性新兴产业分类（2018）, the nine industries."""

    INFORMATION = "1", "新一代信息技术产业"
    EQUIPMENT = "2", "高端装备制造产业"
    MATERIALS = "3", "新材料产业"
    BIOLOGY = "4", "生物产业"
    NEW_ENERGY_VEHICLES = "5", "新能源汽车产业"
    NEW_ENERGY = "6", "新能源产业"
    ENVIRONMENT = "7", "节能环保产业"
    DIGITAL_CREATIVE = "8", "数字创意产业"
    SERVICES = "9", "相关服务业"


class Category(models.TextChoices):
    INDUSTRY = "industry", "产业"
    INFRASTRUCTURE = "infrastructure", "基础设施"
    SOCIAL = "social", "社会民生"


class Nature(models.TextChoices):
    NEW = "new", "新建"
    CONTINUING = "continuing", "续建"


class Stage(models.TextChoices):
    """Where a project stands; the order is the order a project moves through."""

    PLANNING = "planning", "谋划"
    PREPARATION = "preparation", "前期"
    CONSTRUCTION = "construction", "在建"
    COMPLETED = "completed", "竣工"
    PRODUCTION = "production", "投产"


class MilestoneKind(models.TextChoices):
    START = "start", "开工"
    MAIN_WORKS = "main_works", "主体完工"
    EQUIPMENT = "equipment", "设备安装"
    COMMISSIONING = "commissioning", "调试"
    PRODUCTION = "production", "投产"


def choice_by_text(choices: type[models.TextChoices], text: str) -> str | None:
    """The stored value for a cell that holds the value, the label, or "value label" (C 制造业)."""
    text = text.strip()
    for value, label in choices.choices:
        if text in (value, label, f"{value} {label}", f"{value}{label}"):
            return str(value)
    return None
