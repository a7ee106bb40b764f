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


def test_access_log_lines_lose_secrets_id_numbers_and_phones():
    for line, kept in [
        ("GET /tra-cuu/?ma=000.00.03.H99-261122-0001&bi-mat=AB3K9PQR HTTP/1.1", "AB3K9PQR"),
        ("GET /desk/tiep-nhan/?id_number=0011900 HTTP/1.1", "0011900"),  # even a partial number typed so far
        ("GET /desk/ho-so/?q=001190012345 HTTP/1.1", "001190012345"),
        ("GET /tai-khoan/?phone=0987+654+321 HTTP/1.1", "654"),
        ("POST /api/v1/citizens/token?contact=huong@example.vn HTTP/1.1", "huong@"),
    ]:
        assert kept not in mask(line), line
    assert "ma=000.00.03.H99-261122-0001" in mask("GET /tra-cuu/?ma=000.00.03.H99-261122-0001&bi-mat=X HTTP/1.1")


def test_gunicorns_access_log_is_masked():
    """The line gunicorn writes, whatever atoms its format names (the request line, the query, the referrer)."""
    import logging
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config

    from motcua.config.serve import MaskedLogger

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/tra-cuu/?ma=H99-1&bi-mat=AB3K9PQR",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": "/tra-cuu/",
        "QUERY_STRING": "ma=H99-1&bi-mat=AB3K9PQR",
        "HTTP_REFERER": "http://x/desk/ho-so/?q=001190012345",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", '"%(r)s" %(s)s %(q)s "%(f)s" "%({referer}i)s"')
    logger = MaskedLogger(config)
    written: list[str] = []
    capture = logging.Handler()
    capture.emit = lambda record: written.append(record.getMessage())  # type: ignore[method-assign]
    logger.access_log.addHandler(capture)
    logger.access(response, request, environ, timedelta(seconds=1))
    assert len(written) == 1
    line = written[0]
    assert "AB3K9PQR" not in line and "001190012345" not in line and "/tra-cuu/" in line and "200" in line


def test_console_backends_show_one_time_codes_only_in_debug_mode(settings, caplog):
    import io

    from django.core.mail import EmailMessage

    from motcua.notifications.email import ConsoleEmailBackend
    from motcua.notifications.sms import ConsoleSms

    text = "Ma xac thuc: 482913 (hieu luc 10 phut). Tra cuu: http://x/tra-cuu/?ma=H99-1&bi-mat=AB3K9PQR"
    settings.DEBUG = False
    with caplog.at_level(logging.INFO, logger="motcua.notifications.sms"):
        ConsoleSms().send(to="0912345678", text=text)
    assert "482913" not in caplog.text and "AB3K9PQR" not in caplog.text and "Ma xac thuc: ******" in caplog.text
    stream = io.StringIO()
    message = EmailMessage("Mã xác thực 482913", text, to=["huong@example.vn"])
    ConsoleEmailBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert "482913" not in printed and "AB3K9PQR" not in printed and "huong@" not in printed
    assert "Ma xac thuc: ******" in printed and "h***@example.vn" in printed

    settings.DEBUG = True  # the demo (make run) reads its codes in the terminal
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="motcua.notifications.sms"):
        ConsoleSms().send(to="0912345678", text=text)
    assert "Ma xac thuc: 482913" in caplog.text and "0912345678" not in caplog.text
