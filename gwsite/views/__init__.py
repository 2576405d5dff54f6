"""Views: what each generated page shows (home, listings, units, rankings), as data for templates."""
