"""The cell-key method: the same cell always gets the same noise, any change of its records changes it.

Each record (a stay, a referral, a declaration, an observation…) has a key drawn once from a secret
(`RELAIS_CELL_KEY_SECRET`): a keyed polynomial of its id modulo a prime, computed in SQL, so that a
cell's key — the sum of its records' keys modulo 1 — comes out of the same query as its value. The
noise added to a cell is read from the perturbation table at (cell value, cell key): zero mean,
variance 0.8, never more than MAX_NOISE. A total is a cell of its own and is perturbed the same way.

Parameters (README, « Méthode de publication des chiffres ») are the constants below.
"""

import functools
import hashlib
import hmac
import math

from django.conf import settings
from django.db.models import BigIntegerField, F, Value
from django.db.models.functions import Cast, Mod

# The largest prime under 2**30: products of two residues stay under 2**60 (no 64-bit overflow in SQL).
MODULUS = 1_073_741_789
# The perturbation table: noise and its probability (zero mean, variance 2 * (0.2 * 1 + 0.05 * 4) = 0.8).
NOISE_TABLE = ((-2, 0.05), (-1, 0.20), (0, 0.50), (1, 0.20), (2, 0.05))
MAX_NOISE = max(abs(n) for n, _ in NOISE_TABLE)
# Spreads the rows of the table for successive values (the golden ratio's fractional part).
_VALUE_STEP = (math.sqrt(5) - 1) / 2


@functools.cache
def _coefficients(secret: str) -> tuple[int, int, int]:
    digest = hmac.new(secret.encode(), b"relais-cell-key", hashlib.sha256).digest()
    a, b, c = (int.from_bytes(digest[i : i + 8], "big") % MODULUS for i in (0, 8, 16))
    return a or 1, b, c


def coefficients() -> tuple[int, int, int]:
    return _coefficients(settings.RELAIS_CELL_KEY_SECRET)


def record_key(path: str = "pk"):
    """The SQL expression of a record's key, an integer in [0, MODULUS): a·x² + b·x + c mod p, x its id."""
    a, b, c = coefficients()
    x = Mod(Cast(F(path), BigIntegerField()), Value(MODULUS))
    square = Mod(x * x, Value(MODULUS))
    return Mod(square * Value(a) + x * Value(b) + Value(c), Value(MODULUS), output_field=BigIntegerField())


def python_record_key(record_id: int) -> int:
    """The same key computed in Python (tests and the rows assembled outside SQL)."""
    a, b, c = coefficients()
    x = record_id % MODULUS
    return (a * (x * x % MODULUS) + b * x + c) % MODULUS


def combine(*keys) -> int:
    """The key of the union of disjoint groups of records."""
    return sum(int(k or 0) for k in keys) % MODULUS


def cell_key(key_sum, salt: str = "") -> float:
    """The cell key in [0, 1): its records' keys summed modulo 1, shifted by the indicator (so that two
    indicators counting the same records do not share their noise)."""
    return ((int(key_sum or 0) + _shift(salt)) % MODULUS) / MODULUS


@functools.cache
def _shift(salt: str) -> int:
    # One hash per indicator, not one per cell: a universe has thousands of cells.
    return int.from_bytes(hashlib.sha256(salt.encode()).digest()[:4], "big") % MODULUS


def noise(value: int, key: float) -> int:
    """The perturbation table read at (value, key): the same cell always gets the same noise."""
    position = (key + value * _VALUE_STEP) % 1
    cumulative = 0.0
    for amount, probability in NOISE_TABLE:
        cumulative += probability
        if position < cumulative:
            return amount
    return NOISE_TABLE[-1][0]
