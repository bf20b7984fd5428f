"""Performance benchmarks of brainsnn (``make bench`` runs :mod:`benchmarks.run`)."""
