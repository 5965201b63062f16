"""The two kinds of build: a draft (machine suggestions shown, marked) or a release (reviewed text only).

A module of its own, so that a build with nothing to do names its mode
without importing the policy (`policy`) that decides what each mode shows.
"""

from __future__ import annotations

import enum


class Mode(enum.Enum):
    DRAFT = "draft"
    RELEASE = "release"
