"""Reliability suite: concurrency, crashes, tampering, hostile input, properties, fuzzing, terminal safety."""
