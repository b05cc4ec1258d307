"""Record identity: random UUIDs for things a laptop creates, name-based UUIDs for shared reference data.

Reps, target accounts and imported meetings are typed in (or imported from the same CSV) on every
laptop of a booth. Deriving their id from their natural key means two laptops that imported the same
file agree on the ids, so merging their files needs no matching step for them.
"""

from __future__ import annotations

import uuid

_NAMESPACE = uuid.UUID("6f1b9c52-4a2e-4f7e-9a57-0e7d1c4b2a10")


def new_id() -> str:
    return str(uuid.uuid4())


def stable_id(kind: str, natural_key: str) -> str:
    """The same id on every laptop for the same kind and natural key (case and outer spaces ignored)."""
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{natural_key.strip().casefold()}"))


def new_device_id() -> str:
    return uuid.uuid4().hex[:12]
