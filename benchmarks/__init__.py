"""The tracker's benchmark suite: a seeded synthetic journal and the measurements run over it."""
