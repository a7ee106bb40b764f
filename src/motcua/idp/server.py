"""`motcua identity-provider`: prepares the provider's data folder (signing key, database, one client, the people
given with --person) and serves it over HTTP until stopped.

    motcua identity-provider --port 8767 \
        --redirect-uri http://127.0.0.1:8000/tai-khoan/dinh-danh/ve/ \
        --post-logout-uri http://127.0.0.1:8000/ --person 001085012345:secret-password:"Nguyễn Văn An"
"""

from __future__ import annotations

import argparse
import os
import secrets
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="motcua identity-provider", description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--issuer", help="default: http://HOST:PORT")
    parser.add_argument("--data-dir", default=os.environ.get("MOTCUA_IDP_DATA_DIR", "var/identity-provider"))
    parser.add_argument("--client-id", default="motcua")
    parser.add_argument("--client-secret", default="motcua-local-secret")
    parser.add_argument("--redirect-uri", action="append", default=[], help="motcua's callback; repeatable")
    parser.add_argument("--post-logout-uri", action="append", default=[], help="where log-out returns; repeatable")
    parser.add_argument(
        "--person", action="append", default=[], help='ID_NUMBER:PASSWORD:FULL NAME ("Family Given"); repeatable'
    )
    parser.add_argument("--people-file", help="more people, one ID_NUMBER:PASSWORD:FULL NAME a line (the demo's)")
    parser.add_argument("--id-claim", default="national_id", help="the ID token's claim holding the ID number")
    return parser


def _prepare_dir(data_dir: Path) -> None:
    """A secret key and an RSA signing key made once, so that tokens stay valid across restarts."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    data_dir.mkdir(parents=True, exist_ok=True)
    secret = data_dir / "secret_key"
    if not secret.exists():
        secret.write_text(secrets.token_urlsafe(50))
        secret.chmod(0o600)
    key_file = data_dir / "signing_key.pem"
    if not key_file.exists():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        key_file.write_bytes(pem)
        key_file.chmod(0o600)


def _seed(options: argparse.Namespace) -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    Application.objects.filter(client_id=options.client_id).delete()
    Application.objects.create(
        name="motcua",
        client_id=options.client_id,
        client_secret=options.client_secret,  # hashed on save
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(options.redirect_uri),
        post_logout_redirect_uris=" ".join(options.post_logout_uri),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,  # the national provider does not ask again for a government service
    )
    people = list(options.person)
    if options.people_file and Path(options.people_file).exists():
        people += [line for line in Path(options.people_file).read_text(encoding="utf-8").splitlines() if line.strip()]
    for entry in people:
        id_number, password, name = [*entry.split(":", 2), "", ""][:3]
        family, _, given = name.strip().rpartition(" ")
        user, _created = User.objects.get_or_create(username=id_number)
        user.first_name, user.last_name = given[:150], family[:150]
        user.set_password(password)
        user.save()


def main(argv: list[str]) -> None:
    options = _parser().parse_args(argv)
    issuer = (options.issuer or f"http://{options.host}:{options.port}").rstrip("/")
    data_dir = Path(options.data_dir).resolve()
    _prepare_dir(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "motcua.idp.settings"
    os.environ["MOTCUA_IDP_DATA_DIR"] = str(data_dir)
    os.environ["MOTCUA_IDP_ISSUER"] = issuer
    os.environ["MOTCUA_IDP_ID_CLAIM"] = options.id_claim
    import django

    django.setup()
    _seed(options)
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application

    print(f"identity provider: {issuer}/.well-known/openid-configuration", flush=True)
    run(options.host, options.port, get_wsgi_application(), threading=True)
