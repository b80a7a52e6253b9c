"""The ASSORE programme's hotels, wave by wave, and its capacity targets."""

import random

from relais.demo.places import HOTEL_WORDS
from relais.demo.seed_registry.records import D, HotelWave, TargetRecord

# ASSORE hotel waves. They reproduce the public
# figures: 60 places in 2018, 200 planned, 400 open on 1 Oct 2021 in about 40 hotels, 510 on
# 1 Feb 2022, 610 in 61 hotels in Nov 2022, then about 420 today.
ASSORE_WAVES = [
    HotelWave(day=D(2018, 6, 1), hotels=6, rooms=10),
    HotelWave(day=D(2019, 9, 1), hotels=6, rooms=10),
    HotelWave(day=D(2020, 6, 1), hotels=8, rooms=10),
    HotelWave(day=D(2021, 6, 1), hotels=24, rooms=10),
    HotelWave(day=D(2021, 9, 15), hotels=-4, rooms=10),
    HotelWave(day=D(2022, 2, 1), hotels=11, rooms=10),
    HotelWave(day=D(2022, 10, 1), hotels=10, rooms=10),
    HotelWave(day=D(2024, 1, 1), hotels=-9, rooms=10),
    HotelWave(day=D(2025, 6, 1), hotels=-10, rooms=10),
]
ASSORE_TARGETS = [
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
        effective_on=D(2021, 9, 30),
        places=400,
        decision="Comité institutionnel du 30 septembre 2021 : renforcement très rapide",
        decided_on=D(2021, 9, 30),
    ),
    TargetRecord(
        effective_on=D(2022, 2, 1),
        places=510,
        decision="Comité institutionnel : +70 places ASSORE",
        decided_on=D(2022, 1, 20),
    ),
    TargetRecord(
        effective_on=D(2022, 11, 1),
        places=610,
        decision="Comité institutionnel : extension du dispositif",
        decided_on=D(2022, 10, 20),
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
# Hotels whose rooms Horizon Nord lends to Le Phare (a second structure of the same programme).
LENT_HOTELS = 4

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
