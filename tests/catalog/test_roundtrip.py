"""Export then import gives the same catalog, in both interchange formats."""

import io
import json

import pytest
from openpyxl import load_workbook

from motcua.catalog.importers import motcua_json, xlsx
from motcua.catalog.importers.records import ChannelRecord, Deadline, Fee, Parsed
from motcua.catalog.selectors import export_records
from motcua.catalog.services import import_catalog
from tests.factories import record

pytestmark = pytest.mark.django_db


def catalog_records():
    odd = record(
        "2.000200",
        name="Đăng ký khai sinh",
        field="Hộ tịch",
        levels=["commune"],
        online_level="full",
        channels=[
            ChannelRecord(
                "counter", Deadline(None, None, "Không có thông tin"), [Fee(None, "VND", "Theo quy định của HĐND tỉnh")]
            ),
            ChannelRecord("postal", Deadline("0.5", "working_day", "0,5 ngày"), [Fee(0, "VND", "", "Lệ phí")]),
            ChannelRecord("online", Deadline(3, "month", "3 Tháng"), [Fee(15, "USD", "", "Phí")]),
        ],
        documents=[],
        legal_basis=[],
        target_groups=[],
        decided_on="",
    )
    return [record("1.000001"), record("1.000002", name="Gia hạn giấy phép xây dựng"), odd]


def import_records(records):
    return import_catalog(parsed=[Parsed(position=i, code=r.code, record=r) for i, r in enumerate(records, 1)])


def test_motcua_json_round_trip(tmp_path):
    import_records(catalog_records())
    path = tmp_path / "catalog.json"
    with path.open("w", encoding="utf-8") as stream:
        assert motcua_json.write(export_records(), stream) == 3
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("motcua-catalog", 1)
    first = data["procedures"][0]
    assert {
        "code",
        "name",
        "field",
        "levels",
        "agency",
        "online_level",
        "channels",
        "documents",
        "legal_basis",
        "result",
    } <= set(first)
    assert first["channels"][0] == {
        "channel": "counter",
        "deadline": {"amount": 15, "unit": "working_day", "text": "15 Ngày làm việc"},
        "fees": [{"amount": 150000, "currency": "VND", "note": "", "label": "Lệ phí"}],
        "note": "Nộp tại Trung tâm",
    }

    read_back = [p.record for p in motcua_json.iter_records(path)]
    assert read_back == list(export_records())
    report = import_catalog(parsed=motcua_json.iter_records(path))
    assert (report.created, report.new_version, len(report.unchanged)) == ([], [], 3)


def test_xlsx_round_trip(tmp_path):
    import_records(catalog_records())
    path = tmp_path / "catalog.xlsx"
    assert xlsx.write(export_records(), path) == 3
    workbook = load_workbook(path)
    assert workbook.sheetnames == [
        "Hướng dẫn",
        "Thủ tục",
        "Cách thức thực hiện",
        "Phí, lệ phí",
        "Thành phần hồ sơ",
        "Căn cứ pháp lý",
    ]
    assert workbook["Cách thức thực hiện"]["B2"].value == "Trực tiếp"
    parsed = list(xlsx.iter_records(path))
    assert [p.error for p in parsed] == ["", "", ""]
    assert [p.record for p in parsed] == list(export_records())
    report = import_catalog(parsed=xlsx.iter_records(path))
    assert len(report.unchanged) == 3


def test_xlsx_rows_with_mistakes_are_reported_and_the_rest_imported(tmp_path):
    path = tmp_path / "catalog.xlsx"
    xlsx.write([record("1.000001"), record("1.000002")], path)
    workbook = load_workbook(path)
    workbook["Cách thức thực hiện"]["D4"] = "tuần"  # second procedure's first channel: not a unit
    workbook.save(path)
    parsed = list(xlsx.iter_records(path))
    assert parsed[0].record is not None
    assert parsed[1].record is None
    assert 'Cách thức thực hiện, dòng 4, cột “Đơn vị thời hạn”: "tuần" không hợp lệ' in parsed[1].error


def test_a_json_file_that_is_not_a_catalog_is_refused_whole(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"hello": 1}')
    with pytest.raises(motcua_json.FormatError, match="không phải danh mục motcua"):
        list(motcua_json.iter_records(path))


def test_a_malformed_procedure_is_reported_with_its_position(tmp_path):
    path = tmp_path / "catalog.json"
    good = record("1.000001").to_dict()
    path.write_text(
        json.dumps(
            {
                "format": "motcua-catalog",
                "version": 1,
                "procedures": [good, {"code": "1.000002"}, {"code": "1.000003", "name": "x", "online_level": "maybe"}],
            }
        )
    )
    parsed = list(motcua_json.iter_records(path))
    assert [p.position for p in parsed if p.error] == [2, 3]
    assert parsed[0].record.code == "1.000001"


def test_export_streams_to_a_text_stream():
    import_records(catalog_records()[:1])
    stream = io.StringIO()
    motcua_json.write(export_records(), stream)
    assert json.loads(stream.getvalue())["procedures"][0]["code"] == "1.000001"


def test_xlsx_export_names_texts_longer_than_an_excel_cell(tmp_path):
    truncated = []
    xlsx.write([record("1.000001", conditions="x" * 40_000)], tmp_path / "c.xlsx", truncated=truncated)
    assert truncated == ["1.000001: Yêu cầu, điều kiện"]
    assert len(next(xlsx.iter_records(tmp_path / "c.xlsx")).record.conditions) == xlsx.EXCEL_CELL_LIMIT
