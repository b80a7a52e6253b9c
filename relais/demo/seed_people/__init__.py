"""Generated person-level demo data: about 1,500 pseudonymous persons over three years, their
contacts, consents, referrals in every state, stays with exits and pathway steps.

Nothing here is about a real person: nicknames are drawn from a generic list and every figure
is random (seeded, so the result is the same on every run). Idempotent: skipped once persons exist.
Hotel, LHSS and LAM structures switch to computed availability, their occupancy then comes from
the open stays generated here (about 90 % for hotel rooms).
"""
