from social.models.users import Profile, User

__all__ = ["Profile", "User"]
