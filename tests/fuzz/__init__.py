"""Fuzzing ClaimBench's inputs: adversarial predictions files, meta.yaml files, submission folders and
article texts (cases.py), an independent reading of the docs (oracle.py), and a harness that runs each
case as a user or an attacker would (harness.py). `test_fuzz.py` runs a bounded sample in CI;
`python -m tests.fuzz.run --cases 10000` runs a large one and prints a table per class."""
