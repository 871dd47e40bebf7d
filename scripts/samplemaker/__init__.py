"""The sample maker's parts (scripts/make_samples.py is the entry point): content, gold, rendering."""
