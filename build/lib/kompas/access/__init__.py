"""Who is signing in: local accounts and the sign-in guard. The roles themselves are ``kompas.domain.roles``."""
