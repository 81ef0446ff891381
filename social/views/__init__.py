"""Pages of the social app, one module per area: accounts, friends (and invites, IOUs),
groups (expenses, balances, settle-up)."""
