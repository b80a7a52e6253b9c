"""The ASSORE programme's hotels, wave by wave, and its capacity targets."""

import random

from relais.demo.places import HOTEL_WORDS
from relais.demo.seed_registry.records import D, HotelWave, TargetRecord

# The accompanied-accommodation dispositif (ASSORE + PHASE) as the comité counts it: 60 places in 2018,
# 200 planned by the 2019 plan, 400 open at the end of September 2021 in 40 hotels, 440 by mid-December,
# 510 on 1 February 2022 (the comité's +70), 610 in 61 hotels in November 2022, then about 420 today.
# PHASE keeps its 3 hotels (30 rooms) from January 2020; the waves below are ASSORE's.
DISPOSITIF_CODE = "hebergement-accompagne"
ASSORE_WAVES = [
    HotelWave(day=D(2018, 6, 1), hotels=6, rooms=10),
    HotelWave(day=D(2019, 9, 1), hotels=6, rooms=10),
    HotelWave(day=D(2020, 6, 1), hotels=5, rooms=10),
    HotelWave(day=D(2021, 6, 1), hotels=24, rooms=10),
    HotelWave(day=D(2021, 9, 15), hotels=-4, rooms=10),
    HotelWave(day=D(2021, 12, 15), hotels=4, rooms=10),
    HotelWave(day=D(2022, 2, 1), hotels=7, rooms=10),
    HotelWave(day=D(2022, 10, 1), hotels=10, rooms=10),
    HotelWave(day=D(2024, 1, 1), hotels=-9, rooms=10),
    HotelWave(day=D(2025, 6, 1), hotels=-10, rooms=10),
]
PHASE_HOTELS = [("Les Glycines", "75120"), ("Le Belvédère", "75119"), ("Le Cosmos", "75111")]
PHASE_OPENED = D(2020, 1, 6)
# The dispositif's own targets before and after the comité's decisions (those are recorded with their
# meetings, relais/demo/seed_governance/meetings.py: 440 from 15 December 2021, +70 on 1 February 2022,
# 610 from 1 November 2022).
DISPOSITIF_TARGETS = [
    TargetRecord(
        effective_on=D(2018, 6, 1),
        places=60,
        decision="Création du dispositif d'hébergement accompagné",
        decided_on=D(2018, 5, 15),
    ),
    TargetRecord(
        effective_on=D(2019, 5, 27),
        places=200,
        decision="Plan de mobilisation coordonnée sur la problématique du crack 2019-2021",
        decided_on=D(2019, 5, 27),
    ),
    TargetRecord(
        effective_on=D(2024, 1, 1),
        places=520,
        decision="Comité de suivi : redimensionnement du dispositif",
        decided_on=D(2023, 12, 5),
    ),
    TargetRecord(
        effective_on=D(2025, 6, 1),
        places=420,
        decision="Comité de suivi : feuille de route 2025",
        decided_on=D(2025, 5, 15),
    ),
]
PHASE_TARGET = TargetRecord(
    effective_on=D(2020, 1, 1), places=30, decision="Convention ARS — Ville", decided_on=D(2019, 11, 5)
)
# Every eighth hotel: rooms Horizon Nord lends to Le Phare (a second structure of the same programme).
LENT_EVERY = 8

OTHER_HOTEL_COGS = ["75110", "75118", "75119", "75120", "75111", "75112", "75113", "75114", "75117", "75115"]


def hotel_schedule(rng: random.Random):
    """One (name, cog, rooms, opened, closed) per hotel from the waves; closings take the oldest first."""
    hotels, open_hotels, names = [], [], iter(HOTEL_WORDS)
    for wave in ASSORE_WAVES:
        day, delta, rooms = wave.day, wave.hotels, wave.rooms
        if delta > 0:
            for _ in range(delta):
                cog = rng.choice(OTHER_HOTEL_COGS)
                hotel = {
                    "name": f"Hôtel {next(names)}",
                    "cog": cog,
                    "rooms": rooms,
                    "opened": day,
                    "closed": None,
                }
                hotels.append(hotel)
                open_hotels.append(hotel)
        else:
            for hotel in open_hotels[:-delta]:
                hotel["closed"] = day
            open_hotels = open_hotels[-delta:]
    return hotels
