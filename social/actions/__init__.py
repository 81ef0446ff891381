"""social's writes. Other apps import from here (and from social.selectors), nothing deeper."""

from social.actions.accounts import register_user, update_account

__all__ = ["register_user", "update_account"]
