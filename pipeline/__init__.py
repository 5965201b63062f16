"""Statements to gettext catalogs, machine suggestions and PDF leaflets."""
