import logging

from motcua.core.logging import MaskingFilter, mask


def test_id_numbers_phones_and_secrets_are_masked():
    line = "GET /api/v1/lookup?code=000.00.03.H99-261122-0001&secret=AB3K9PQR cccd 001190012345 tel 0912345678"
    masked = mask(line)
    assert "AB3K9PQR" not in masked and "001190012345" not in masked and "0912345678" not in masked
    assert "*********345" in masked and "*******678" in masked
    assert "000.00.03.H99-261122-0001" in masked  # a dossier code is not personal


def test_the_filter_masks_log_records(caplog):
    logger = logging.getLogger("motcua.test")
    logger.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO):
        logger.info("received from %s", "001190012345")
    assert "001190012345" not in caplog.text and "345" in caplog.text
