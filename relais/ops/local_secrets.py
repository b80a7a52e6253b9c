"""Random, local-only secrets for running the production settings on one machine (`make serve`).

Printed as an env file (`python -m relais.ops.local_secrets > var/serve.env`); a real deployment
takes its secrets from the host's environment instead and never from this module.
"""

import secrets

from cryptography.fernet import Fernet


def local_env() -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "RELAIS_FIELD_KEY": Fernet.generate_key().decode(),
        "RELAIS_MATCHING_KEY": secrets.token_urlsafe(48),
        "RELAIS_ACCESS_LOG_KEY": secrets.token_urlsafe(48),
        "RELAIS_CELL_KEY_SECRET": secrets.token_urlsafe(48),
        # Served over plain HTTP on the loopback: no redirect to HTTPS.
        "SECURE_SSL_REDIRECT": "false",
    }


if __name__ == "__main__":
    print("\n".join(f"{name}={value}" for name, value in local_env().items()))
