import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from motcua.core.text import clean, fold, sort_key


def test_fold_removes_diacritics_case_and_punctuation():
    assert fold("Giấy phép xây dựng") == "giay phep xay dung"
    assert fold("ĐĂNG KÝ khai sinh") == "dang ky khai sinh"
    assert fold("1.001456") == "1 001456"


def test_fold_gives_the_same_for_nfc_and_nfd_input():
    word = "Thủ tục hành chính đất đai"
    assert (
        fold(unicodedata.normalize("NFD", word))
        == fold(unicodedata.normalize("NFC", word))
        == "thu tuc hanh chinh dat dai"
    )


@given(st.text())
def test_fold_is_the_same_for_any_normal_form(value):
    assert fold(unicodedata.normalize("NFD", value)) == fold(unicodedata.normalize("NFC", value))


def test_clean_stores_nfc_and_tidies_whitespace():
    decomposed = unicodedata.normalize("NFD", "Thụ lý  giải\u00a0quyết\t khiếu nại")
    cleaned = clean(decomposed + "\r\n\r\n\r\n\r\nBước 2 ")
    assert cleaned == "Thụ lý giải quyết khiếu nại\n\nBước 2"
    assert unicodedata.is_normalized("NFC", cleaned)


def test_sort_key_follows_the_vietnamese_alphabet():
    words = ["Yên Bái", "Đà Nẵng", "Dung", "Ăn", "An Giang", "Anh", "Ân", "Bắc Ninh", "Ơn", "Ô", "Ư", "Uy", "Có"]
    expected = ["An Giang", "Anh", "Ăn", "Ân", "Bắc Ninh", "Có", "Dung", "Đà Nẵng", "Ô", "Ơn", "Uy", "Ư", "Yên Bái"]
    assert sorted(words, key=sort_key) == expected


def test_sort_key_orders_tones_as_dictionaries_do():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    assert sorted(["má", "mạ", "mã", "mà", "mả", "ma"], key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_sort_key_is_digits_only_so_every_database_sorts_it_the_same():
    key = sort_key("Cấp Giấy chứng nhận quyền sử dụng đất (lần đầu) – 2025")
    assert key.isdigit() and len(key) <= 255
