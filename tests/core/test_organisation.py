import pytest
from django.core.exceptions import ValidationError

from motcua.core.models import Role
from motcua.core.selectors import agency_ids_for, is_staff_member
from motcua.core.services import authenticate_api_token, issue_api_token, revoke_api_token, upsert_staff
from tests.factories import agency

pytestmark = pytest.mark.django_db


def test_agencies_form_a_tree_with_the_province_as_key():
    province = agency("000.00.00.H99", "UBND tỉnh Hòa An", kind="peoples_committee")
    department = agency("000.00.07.H99", "Sở Nông nghiệp và Môi trường", parent=province)
    division = agency("000.00.16.H99", "Văn phòng Đăng ký đất đai", parent=department, kind="division")
    assert department.province == province and division.province == province
    assert list(province.children.all()) == [department]


def test_agency_codes_follow_the_qcvn_102_shape():
    bad = agency("000.00.07.H99", "Sở Nông nghiệp và Môi trường")
    bad.code = "H99-07"
    with pytest.raises(ValidationError, match=r"000\.00\.04\.H40"):
        bad.full_clean()


def test_roles_cover_the_agency_and_everything_below_it():
    province = agency("000.00.00.H99", "UBND tỉnh", kind="peoples_committee")
    justice = agency("000.00.03.H99", "Sở Tư pháp", parent=province)
    commune = agency("000.00.61.H99", "UBND xã", parent=province, level="commune", kind="commune_committee")
    supervisor = upsert_staff(username="giamsat", full_name="Giám sát", roles=[(Role.SUPERVISOR, province)])
    specialist = upsert_staff(username="tuphap.cv", full_name="CV", roles=[(Role.SPECIALIST, justice)])
    assert agency_ids_for(supervisor) == {province.pk, justice.pk, commune.pk}
    assert agency_ids_for(specialist) == {justice.pk}
    assert agency_ids_for(specialist, roles={Role.LEADER}) == set()
    assert is_staff_member(specialist)


def test_staff_passwords_are_kept_when_the_account_is_upserted_again():
    province = agency("000.00.00.H99", "UBND tỉnh", kind="peoples_committee")
    user = upsert_staff(
        username="motcua", full_name="A", password="first-password", roles=[(Role.COUNTER_OFFICER, province)]
    )
    user.set_password("changed-by-the-officer")
    user.save()
    again = upsert_staff(
        username="motcua", full_name="B", password="first-password", roles=[(Role.COUNTER_OFFICER, province)]
    )
    assert again.check_password("changed-by-the-officer") and again.full_name == "B"


def test_api_tokens_are_stored_hashed_and_can_be_revoked():
    province = agency("000.00.00.H99", "UBND tỉnh", kind="peoples_committee")
    user = upsert_staff(username="lienthong", full_name="Hệ thống", roles=[(Role.SUPERVISOR, province)])
    token, raw = issue_api_token(user=user, name="cổng quốc gia")
    assert raw not in token.digest and token.prefix == raw[:10]
    assert authenticate_api_token(raw) == user
    revoke_api_token(token=token)
    assert authenticate_api_token(raw) is None
