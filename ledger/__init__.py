"""The ledger: two Django apps under one roof, each with its own models and migrations.

- ledger.khata   — the small-business credit ledger (app label "khata")
- ledger.finance — personal finance (app label "finance")
"""
