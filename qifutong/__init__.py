"""企服通 Qifutong: the core of the enterprise-service platform."""

from qifutong.app import create_app

__all__ = ["create_app"]
__version__ = "0.1.0"
