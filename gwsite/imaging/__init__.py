"""Imaging: the photos stories and pages use, found, checked and turned into web renditions."""
