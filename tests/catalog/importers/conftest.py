import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _parser_messages_in_english():
    # Parser tests check the messages' content in the language of the code; the interface shows them in
    # Vietnamese (see tests/catalog/test_import.py).
    with translation.override("en"):
        yield
