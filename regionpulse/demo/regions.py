from regionpulse.core.models import Region

PROVINCE = ("150000", "内蒙古自治区")
CITY = ("150200", "包头市")
# GB/T 2260 county-level units of 包头市.
COUNTIES = [
    ("150202", "东河区"),
    ("150203", "昆都仑区"),
    ("150204", "青山区"),
    ("150205", "石拐区"),
    ("150206", "白云鄂博矿区"),
    ("150207", "九原区"),
    ("150221", "土默特右旗"),
    ("150222", "固阳县"),
    ("150223", "达尔罕茂明安联合旗"),
]
HOME = "150203"


def load() -> dict[str, Region]:
    province, _ = Region.objects.get_or_create(
        code=PROVINCE[0], defaults={"name": PROVINCE[1], "level": Region.Level.PROVINCE}
    )
    city, _ = Region.objects.get_or_create(
        code=CITY[0], defaults={"name": CITY[1], "level": Region.Level.CITY, "parent": province}
    )
    regions = {province.code: province, city.code: city}
    for code, name in COUNTIES:
        regions[code], _ = Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": Region.Level.COUNTY, "parent": city}
        )
    return regions
