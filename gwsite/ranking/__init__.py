"""Ranking: the office's tally of placements, points and targets, and its exports."""
