"""Measurement tooling for the generator at scale (issue 7): a seeded synthetic dossier
(`bench.synth`) and the benchmark that times every stage on it (`bench.benchmark`)."""
