"""The translators' workflow: extract strings into catalog templates (POT), start and update PO
files, report how complete they are and check them.

Two catalogs per language: the toolkit's (domain ``letters``: the shipped templates and the
strings of ``letters`` itself, in the package's ``locales/``) and the campaign's (domain
``campaign``: its fact store and its own templates, in ``<campaign>/locales/``). The checks are
the ones the build applies (:mod:`letters.catalogs`), so what ``letters i18n check`` accepts is
what a build renders.
"""
