"""Create or update the relying party's client (and the signing key, once) at the provider."""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.management.base import BaseCommand, CommandParser
from oidc_provider.models import Client, ResponseType, RSAKey


def new_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    ).decode()


class Command(BaseCommand):
    help = "op_client ID SECRET --redirect-uri URI ...: a confidential client, no consent asked"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("client_id")
        parser.add_argument("secret")
        parser.add_argument("--redirect-uri", action="append", default=[])

    def handle(self, *args: Any, **options: Any) -> None:
        if not RSAKey.objects.exists():
            RSAKey.objects.create(key=new_key_pem())
        client, _ = Client.objects.update_or_create(
            client_id=options["client_id"],
            defaults={
                "name": "Convergence",
                "client_type": "confidential",
                "client_secret": options["secret"],
                "jwt_alg": "RS256",
                "require_consent": False,
                "_redirect_uris": "\n".join(options["redirect_uri"]),
                "_scope": "openid email profile groups",
            },
        )
        code, _ = ResponseType.objects.get_or_create(value="code")
        client.response_types.set([code])
