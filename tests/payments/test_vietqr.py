"""The VietQR payload against a published sample, the CRC against its catalogue check value, the fee's payment
code and finding it again in what banks write in a statement."""

import pytest

from motcua.payments import vietqr

# A dynamic transfer QR published in the README of github.com/subiz/vietqr (VietinBank BIN 970415), whose CRC
# C15C we recomputed (docs/research/issue-15-payments-signatures.md, 2.5).
SUBIZ = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA5303704540612000058"
    "02VN62170813ung ho lu lut6304C15C"
)


def test_crc16_ccitt_false_check_value():
    assert vietqr.crc16_ccitt_false("123456789") == "29B1"  # the CRC catalogue's check value for this CRC


def test_the_payload_is_the_published_sample_byte_for_byte():
    account = vietqr.Account(bank_bin="970415", number="0011001932418")
    assert vietqr.payload(account, amount=120_000, purpose="ung ho lu lut") == SUBIZ


def test_a_payload_parses_back_and_its_crc_holds():
    account = vietqr.Account(bank_bin="970422", number="0801234567890", name="TRUNG TAM PVHCC")
    text = vietqr.payload(account, amount=200_000, purpose="MC1234 Lệ phí hồ sơ")
    fields = vietqr.parse(text)
    assert fields["00"] == "01" and fields["01"] == vietqr.DYNAMIC
    assert fields["53"] == "704" and fields["54"] == "200000" and fields["58"] == "VN"
    merchant = vietqr.parse_tlv(fields["38"])
    assert merchant["00"] == "A000000727" and merchant["02"] == "QRIBFTTA"
    assert vietqr.parse_tlv(merchant["01"]) == {"00": "970422", "01": "0801234567890"}
    assert vietqr.parse_tlv(fields["62"]) == {"08": "MC1234 Le phi ho so"}  # no diacritics, at most 25
    with pytest.raises(ValueError):
        vietqr.parse(text[:-1] + ("0" if text[-1] != "0" else "1"))


def test_a_static_code_has_no_amount():
    fields = vietqr.parse(vietqr.payload(vietqr.Account(bank_bin="970415", number="123")))
    assert fields["01"] == vietqr.STATIC and "54" not in fields


@pytest.mark.parametrize(
    ("bank_bin", "number"), [("97041", "1"), ("97041X", "1"), ("970415", ""), ("970415", "1" * 20)]
)
def test_an_account_must_be_well_formed(bank_bin, number):
    with pytest.raises(ValueError):
        vietqr.Account(bank_bin=bank_bin, number=number)


def test_a_fee_reference_carries_a_check_digit():
    assert vietqr.reference(7992739871) == "MC79927398713"  # Luhn's own example: 7992739871 -> 3
    assert vietqr.reference(42) == "MC" + "42" + vietqr.check_digit("42")


@pytest.mark.parametrize(
    "description",
    [
        "MC{ref} Le phi ho so",
        "MBVCB.3278432.{MC}.CT tu 0011001932418 NGUYEN VAN A toi 0801234567890",
        "nguyen van a chuyen tien {mc} le phi",
        "CHUYENTIEN{MC}LEPHI",
        "IBFT {MC}",
    ],
)
def test_the_reference_is_found_in_what_banks_write(description):
    ref = vietqr.reference(1234)
    text = description.replace("MC{ref}", ref).replace("{MC}", ref).replace("{mc}", ref.lower())
    assert vietqr.fee_ids_in(text) == {1234}


def test_a_mistyped_or_longer_code_matches_no_fee():
    ref = vietqr.reference(1234)
    wrong = ref[:-1] + str((int(ref[-1]) + 1) % 10)
    assert vietqr.fee_ids_in(f"CK {wrong}") == set()
    assert vietqr.fee_ids_in(f"CK {ref}5") == set()
    assert vietqr.fee_ids_in("CK le phi ho so") == set()
    two = f"{vietqr.reference(1234)} {vietqr.reference(88)}"
    assert vietqr.fee_ids_in(two) == {1234, 88}
