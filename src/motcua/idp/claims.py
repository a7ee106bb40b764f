"""What the ID token says about a person: their national ID number (CCCD), under the claim motcua is told to read
(MOTCUA_OIDC_ID_CLAIM, "national_id" by default), and their name."""

from __future__ import annotations

import os

from oauth2_provider.oauth2_validators import OAuth2Validator

ID_CLAIM = os.environ.get("MOTCUA_IDP_ID_CLAIM", "national_id")


class NationalIdValidator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, ID_CLAIM: "profile"}

    def get_additional_claims(self, request):
        user = request.user
        return {ID_CLAIM: user.username, "name": f"{user.last_name} {user.first_name}".strip()}
