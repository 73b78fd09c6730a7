"""Key firms (重点企业): the monthly grading A/B/C and its tiers; the one definition of a key
firm."""
