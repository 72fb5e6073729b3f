"""The observations sheet: every row is checked first, then all rows are written or none."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from regionpulse.conftest import World, observe
from regionpulse.core.actors import acting_as
from regionpulse.core.importing import ImportFailed, ImportResult
from regionpulse.core.locking import lock
from regionpulse.core.models import ChangeRecord
from regionpulse.core.periods import Period
from regionpulse.core.spreadsheets import read_rows
from regionpulse.indicators.importers import COLUMNS, ObservationImporter
from regionpulse.indicators.models import Observation

HEADER = ["地区", "指标", "期间", "数值", "同比增长", "来源"]
MAX_BYTES = 5 * 1024 * 1024
STATISTICS_INDICATORS = [
    "地区生产总值",
    "固定资产投资",
    "规模以上工业增加值",
    "社会消费品零售总额",
    "城镇常住居民人均可支配收入",
]


def xlsx(rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream


def ten_good_rows() -> list[list[Any]]:
    rows: list[list[Any]] = []
    for month in (5, 6):
        for name in STATISTICS_INDICATORS:
            value = None if name in ("固定资产投资", "规模以上工业增加值") else 100 + month
            rows.append(["150203", name, f"2022-{month:02d}", value, 6.9, "区统计局月报"])
    return rows


def run(user: Any, stream: io.BytesIO) -> ImportResult:
    with acting_as(user, "import"):
        return ObservationImporter(user).run(read_rows(stream, MAX_BYTES))


def problems_of(user: Any, rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> list[str]:
    before = Observation.objects.count()
    with pytest.raises(ImportFailed) as failure:
        run(user, xlsx(rows, header))
    assert Observation.objects.count() == before, "a refused file writes nothing"
    return [str(problem) for problem in failure.value.problems]


def test_a_good_file_commits_every_row_as_submitted_with_history(world: World) -> None:
    result = run(world.statistician, xlsx(ten_good_rows()))
    assert (result.rows, result.created, result.updated, result.unchanged) == (10, 10, 0, 0)
    assert Observation.objects.filter(region=world.district).count() == 10
    assert set(Observation.objects.values_list("status", flat=True)) == {Observation.Status.SUBMITTED}
    gdp = Observation.objects.get(indicator__code="gdp", year=2022, month=6)
    assert (gdp.value, gdp.growth, gdp.source) == (Decimal(106), Decimal("6.9"), "区统计局月报")
    history = ChangeRecord.objects.filter(content_type=ContentType.objects.get_for_model(Observation))
    assert history.filter(action=ChangeRecord.Action.CREATE).count() == 10
    assert set(history.values_list("actor", "via")) == {(world.statistician.pk, "import")}


def test_a_changed_figure_is_updated_and_goes_back_to_review(world: World) -> None:
    existing = observe("gdp", world.district, 2022, 6, "592.48", "6.9")
    result = run(world.statistician, xlsx([["昆都仑区", "GDP", "2022年上半年", 600, 7.0, ""]]))
    assert (result.created, result.updated) == (0, 1)
    existing.refresh_from_db()
    assert existing.status == Observation.Status.SUBMITTED
    change = ChangeRecord.objects.get(object_id=str(existing.pk), action=ChangeRecord.Action.UPDATE)
    assert change.before is not None and Decimal(change.before["value"]) == Decimal("592.48")
    assert change.after is not None and Decimal(change.after["value"]) == Decimal("600")
    assert change.before["status"] == Observation.Status.APPROVED


def test_it_refuses_an_unknown_column_at_row_one(world: World) -> None:
    problems = problems_of(world.statistician, [], [*HEADER, "备注"])
    assert problems == [f"第1行 G列（备注）：未知的列“备注”，表头应为：{'、'.join(HEADER)}"]


def test_it_refuses_a_file_without_a_required_column_at_row_one(world: World) -> None:
    header = ["地区", "指标", "数值"]
    problems = problems_of(world.statistician, [["150203", "地区生产总值", 592.48]], header)
    assert problems == ["第1行：缺少必需的列“期间”"]


def test_it_names_row_and_column_of_a_cell_that_is_not_a_number(world: World) -> None:
    rows = [
        ["150203", "地区生产总值", "2022-06", 592.48, 6.9],
        ["150203", "社会消费品零售总额", "2022-06", "约五百", 3.1],
    ]
    assert problems_of(world.statistician, rows) == ["第3行 D列（数值）：“约五百”不是数字"]


def test_it_refuses_an_unknown_region_and_one_outside_the_users_own(world: World) -> None:
    rows = [["150299", "地区生产总值", "2022-06", 1, 1], ["青山区", "地区生产总值", "2022-06", 1, 1]]
    problems = problems_of(world.statistician, rows)
    assert problems[0].startswith("第2行 A列（地区）：未知的地区“150299”")
    assert problems[1].startswith("第3行 A列（地区）：未知的地区“青山区”")


def test_it_refuses_rows_of_a_locked_period(world: World) -> None:
    lock(world.district, Period(2022, 6), world.admin)
    problems = problems_of(world.statistician, [["150203", "地区生产总值", "2022-06", 592.48, 6.9]])
    assert problems == ["第2行：昆都仑区2022年上半年已锁定，不能修改；请管理员先解锁"]


def test_a_locked_period_takes_its_own_figures_back_unchanged(world: World) -> None:
    observe("gdp", world.district, 2022, 6, "592.48", "6.9")
    lock(world.district, Period(2022, 6), world.admin)
    sheet = [[column.header for column in COLUMNS], ["150203", "地区生产总值", "2022-06", 592.48, 6.9, ""]]
    result = ObservationImporter(world.statistician).run(sheet)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    changed = [["150203", "地区生产总值", "2022-06", 592.5, 6.9]]
    assert problems_of(world.statistician, changed) == ["第2行：昆都仑区2022年上半年已锁定，不能修改；请管理员先解锁"]


def test_it_refuses_a_row_that_repeats_an_earlier_one(world: World) -> None:
    rows = [["150203", "地区生产总值", "2022-06", 592.48, 6.9], ["昆都仑区", "GDP", "2022年1-6月", 592.48, 6.9]]
    problems = problems_of(world.statistician, rows)
    assert len(problems) == 1
    assert problems[0].startswith("第3行：与第2行重复")


def test_one_bad_row_in_ten_writes_nothing(world: World) -> None:
    rows = ten_good_rows()
    rows[6][2] = "2022年下半年"
    problems = problems_of(world.statistician, rows)
    assert len(problems) == 1
    assert problems[0].startswith("第8行 C列（期间）：无法识别期间“2022年下半年”")
    assert not ChangeRecord.objects.filter(content_type=ContentType.objects.get_for_model(Observation)).exists()


def test_it_refuses_a_file_that_is_not_an_xlsx_workbook() -> None:
    with pytest.raises(ImportFailed) as failure:
        read_rows(io.BytesIO("地区,指标,期间\n150203,GDP,2022-06\n".encode()), MAX_BYTES)
    assert failure.value.problems[0].row == 1
    assert "不是 .xlsx" in failure.value.problems[0].message


def test_it_refuses_an_oversized_file_before_reading_it() -> None:
    with pytest.raises(ImportFailed) as failure:
        read_rows(io.BytesIO(b"PK\x03\x04" + b"0" * (2 * 1024 * 1024)), 1024 * 1024)
    assert "超过1MB上限" in failure.value.problems[0].message


def test_a_department_cannot_import_another_departments_indicator(world: World) -> None:
    problems = problems_of(world.finance_officer, [["150203", "地区生产总值", "2022-06", 592.48, 6.9]])
    assert problems == ["第2行 B列（指标）：指标“地区生产总值”由统计部门负责，您不能导入"]
    result = run(world.finance_officer, xlsx([["150203", "一般公共预算收入", "2022-06", 17.17, 8.7]]))
    assert result.created == 1


def test_it_reads_an_excel_date_in_the_period_column_as_that_month(world: World) -> None:
    rows = [[150203, "地区生产总值", datetime.datetime(2022, 6, 1), 592.48, 6.9]]
    assert run(world.statistician, xlsx(rows)).created == 1
    assert Observation.objects.get().period == Period(2022, 6)


def test_the_import_command_lists_every_problem_and_changes_nothing(world: World, tmp_path: Path) -> None:
    rows = ten_good_rows()
    rows[1][3] = "n/a"
    rows[4][0] = "150299"
    path = tmp_path / "observations.xlsx"
    path.write_bytes(xlsx(rows).getvalue())
    with pytest.raises(CommandError) as error:
        call_command("import", "observations", str(path))
    message = str(error.value)
    assert "未写入任何数据" in message
    assert "第3行 D列（数值）" in message
    assert "第6行 A列（地区）" in message
    assert Observation.objects.count() == 0


def test_the_import_command_refuses_an_unknown_ledger_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="未知的台账类型"):
        call_command("import", "nonsense", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import", "observations", str(tmp_path / "x.xlsx"))


def test_an_exported_file_imports_back_unchanged(world: World, tmp_path: Path) -> None:
    observe("gdp", world.district, 2022, 6, "592.48", "6.9")
    observe("urban_income", world.district, 2022, 6, "28619", "4.0")
    observe("fixed_asset_investment", world.district, 2022, 6, None, "31.5")
    observe("sei_share", world.district, 2022, 6, None, "5.7")
    observe("budget_revenue", world.neighbour, 2021, 12, "30.1234", "-2.35")
    path = tmp_path / "export.xlsx"
    call_command("export", "observations", str(path), stdout=io.StringIO())
    before = list(Observation.objects.order_by("pk").values())
    with path.open("rb") as stream:
        result = ObservationImporter(None).run(read_rows(stream, MAX_BYTES))
    assert result.rows == 5
    assert result.unchanged == result.rows
    assert list(Observation.objects.order_by("pk").values()) == before


def test_it_refuses_a_region_name_that_two_regions_share(world: World) -> None:
    from regionpulse.core.models import Region

    hubei = Region.objects.create(code="420000", name="湖北省", level=Region.Level.PROVINCE)
    wuhan = Region.objects.create(code="420100", name="武汉市", level=Region.Level.CITY, parent=hubei)
    Region.objects.create(code="420107", name="青山区", level=Region.Level.COUNTY, parent=wuhan)
    with pytest.raises(ImportFailed) as failure:
        run(None, xlsx([["青山区", "地区生产总值", "2022-06", 400, 6.1, ""]]))
    assert [str(problem) for problem in failure.value.problems] == [
        "第2行 A列（地区）：有多个地区名为“青山区”，请填写行政区划代码"
    ]
    assert not Observation.objects.exists()
    run(None, xlsx([["150204", "地区生产总值", "2022-06", 400, 6.1, ""]]))
    assert Observation.objects.get().region == world.neighbour
