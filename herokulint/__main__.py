"""`python -m herokulint`."""

from . import script

script()
