from celery import shared_task


@shared_task
def prune_changes() -> int:
    from realtime.sync_actions import prune_changes as prune

    return prune()
