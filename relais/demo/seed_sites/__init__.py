"""Demo consumption sites: the public sequence of scenes (colline de la Chapelle, Stalingrad, Jardins
d'Éole, Forceval / place Auguste-Baron from 24 September 2021 to 5 October 2022, then later places)
with generated, plausible counts from 2018 to today. Counts only: no person appears anywhere.

Reproduces the public figures: Forceval 150 to 200 people in February 2022 and 300 to 400 in September
2022; 37 people taken to a rest space at its evacuation on 5 October 2022. Dates before Forceval
follow the public sequence approximately; every count is generated.
"""
