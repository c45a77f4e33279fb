"""Incremental updates: which files changed (plan), reading and writing them in worker
processes (workers), one commit of the differences (updater), and what it did (report)."""
