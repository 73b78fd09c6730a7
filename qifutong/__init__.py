"""企服通 Qifutong: the core of the enterprise-service platform."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qifutong.app import create_app

__all__ = ["create_app"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # The app factory is imported when asked for: the command line starts without the app.
    if name == "create_app":
        from qifutong.app import create_app

        return create_app
    raise AttributeError(f"module 'qifutong' has no attribute {name!r}")
