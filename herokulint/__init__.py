"""herokulint: a static readiness checker for Django projects deploying to Heroku."""

__version__ = "0.1.0"
