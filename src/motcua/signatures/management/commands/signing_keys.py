"""motcua signing-keys add|list|test: agencies' signing keys (docs/signatures.md). PINs are never arguments:
each key names its secret, read from MOTCUA_SIGNING_PIN_<NAME> or <MOTCUA_SIGNING_SECRETS_DIR>/<name>."""

from django.core.management.base import BaseCommand, CommandError

from motcua.core.models import Agency
from motcua.dossiers.services import DossierError
from motcua.signatures import selectors
from motcua.signatures.keys import SigningFailed, pin_variable
from motcua.signatures.services import add_signing_key
from motcua.signatures.signing import sign
from motcua.signatures.verification import verify_pdf

# A one-page PDF, signed by `test` to show that the key, its PIN and its certificate work together.
TEST_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 1/Kids[3 0 R]>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)


class Command(BaseCommand):
    help = "Add, list or test the agencies' signing keys (PKCS#12 files or PKCS#11 tokens)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        add = sub.add_parser("add", help="set an agency's key (replaces the one it had)")
        add.add_argument("agency", help="the agency's code, e.g. 000.00.03.H40")
        add.add_argument("--kind", choices=["pkcs12", "pkcs11"], required=True)
        add.add_argument("--path", required=True, help="the .p12 file, or the token's PKCS#11 module (.so)")
        add.add_argument("--secret", required=True, help="the name of the PIN's secret (letters, digits, -)")
        add.add_argument("--token-label", default="")
        add.add_argument("--key-label", default="")
        add.add_argument("--cert-label", default="")
        add.add_argument("--tsa-url", default="", help="an RFC 3161 timestamp authority (PAdES B-T)")
        add.add_argument("--location", default="")
        sub.add_parser("list", help="the keys, and where each one's PIN is read from")
        test = sub.add_parser("test", help="sign a blank page with the agency's key and verify it")
        test.add_argument("agency")

    def handle(self, *args, what, **options):
        if what == "list":
            for key in selectors.all_keys():
                self.stdout.write(
                    f"{key.agency.code}\t{key.kind}\t{key.path}\t{key.token_label or '-'}\t"
                    f"PIN: ${pin_variable(key.secret_name)} or secrets/{key.secret_name}\t{key.tsa_url or '-'}"
                )
            return
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"no agency has the code {options['agency']}")
        if what == "add":
            try:
                key = add_signing_key(
                    agency=agency,
                    kind=options["kind"],
                    path=options["path"],
                    secret_name=options["secret"],
                    token_label=options["token_label"],
                    key_label=options["key_label"],
                    cert_label=options["cert_label"],
                    tsa_url=options["tsa_url"],
                    location=options["location"],
                )
            except DossierError as error:
                raise CommandError(error.message) from error
            self.stdout.write(f"key of {agency.code} set; its PIN: ${pin_variable(key.secret_name)}")
            return
        key = selectors.key_for(agency)
        if key is None:
            raise CommandError(f"{agency.code} has no signing key (nor any agency above it)")
        try:
            done = sign(pdf=TEST_PDF, key=key, reason="motcua signing-keys test")
        except SigningFailed as error:
            raise CommandError(error.message) from error
        verdict = verify_pdf(done.pdf)
        self.stdout.write(f"signed by {done.subject} (serial {done.serial}); verification: {verdict.overall.value}")
        for sig in verdict.signatures:
            self.stdout.write(f"  certificate: {sig.certificate.value}, valid until {sig.certificate_valid_until}")
