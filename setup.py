"""The one thing pyproject.toml cannot say: the wheel's `pipeline/templates/` is built from the
repository's top-level `templates/` folder (the leaflet's HTML and CSS), so an installed
pipeline carries the templates a project falls back on. Everything else is in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["pipeline*"]), "pipeline.templates"],
    package_dir={"pipeline.templates": "templates"},
)
