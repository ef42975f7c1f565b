"""Shared test settings: behaviour-named tests (``it_…``) are collected like ``test_…``."""
