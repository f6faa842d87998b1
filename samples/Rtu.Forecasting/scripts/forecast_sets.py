"""The development bench and every held-out set, in order: the one list the screens and scorers read.

SETS: "bench", then each samples/Rtu.Forecasting/heldoutN folder that holds a series.txt ("heldout" first, then by N),
so a new set is read by every script as soon as its folder exists. HELD_OUT: the same without the bench.
"""
import os
import re

_SAMPLE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _number(name):
    digits = re.fullmatch(r"heldout(\d*)", name).group(1)
    return int(digits) if digits else 1


HELD_OUT = tuple(sorted((d for d in os.listdir(_SAMPLE)
                         if re.fullmatch(r"heldout\d*", d) and os.path.isfile(os.path.join(_SAMPLE, d, "series.txt"))),
                        key=_number))
SETS = ("bench",) + HELD_OUT
