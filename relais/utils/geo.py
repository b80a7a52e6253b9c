"""Approximate centre of each Paris arrondissement (INSEE COG 75101 to 75120): where a place is only
known by its arrondissement (an encounter, a site shown to roles without precise points), distances
are measured from there, and the demo data places its structures around it.
"""

ARRONDISSEMENT_CENTRES = {
    "75101": (48.8626, 2.3363),
    "75102": (48.8683, 2.3428),
    "75103": (48.8630, 2.3600),
    "75104": (48.8543, 2.3576),
    "75105": (48.8445, 2.3507),
    "75106": (48.8491, 2.3328),
    "75107": (48.8562, 2.3122),
    "75108": (48.8727, 2.3125),
    "75109": (48.8770, 2.3375),
    "75110": (48.8761, 2.3608),
    "75111": (48.8591, 2.3800),
    "75112": (48.8350, 2.4213),
    "75113": (48.8283, 2.3623),
    "75114": (48.8292, 2.3265),
    "75115": (48.8401, 2.2928),
    "75116": (48.8604, 2.2620),
    "75117": (48.8873, 2.3067),
    "75118": (48.8925, 2.3484),
    "75119": (48.8871, 2.3848),
    "75120": (48.8634, 2.4011),
}
