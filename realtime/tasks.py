from celery import shared_task


@shared_task
def prune_changes() -> int:
    from realtime.sync_actions import prune_changes as prune

    return prune()


@shared_task
def prune_idempotency() -> int:
    """Idempotency keys and recorded push results older than the retention (>= 24 h)."""
    from realtime.idempotency import prune_idempotency_keys
    from realtime.push import prune_pushed_mutations

    return prune_idempotency_keys() + prune_pushed_mutations()
