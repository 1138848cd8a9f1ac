"""Remote static-file storage: a django-storages backend, named directly or through a class
the project derives from one.

With such a backend `collectstatic` uploads the files to the bucket: Django's collectstatic
asks the storage to save each file and uses `STATIC_ROOT` only through the local
`StaticFilesStorage` (django/contrib/staticfiles/storage.py, whose `path()` raises the
"without having set the STATIC_ROOT setting" error; collectstatic.py `is_local_storage`), and
WhiteNoise serves only files in `STATIC_ROOT` ("It will not work with backends that store
files remotely, for instance on Amazon S3", whitenoise docs/django.rst).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from .pyeval import dotted

if TYPE_CHECKING:
    from . import ProjectModel

# The backends of django-storages (jschneier/django-storages, storages/backends/: s3, s3boto3,
# gcloud, azure_storage, dropbox, ftp, sftpstorage, apache_libcloud) and of
# django-cloudinary-storage: each stores files away from the dyno.
REMOTE_STORAGE_PREFIXES = ("storages.backends.", "cloudinary_storage.storage.")
MAX_DEPTH = 5  # project classes followed, base to base


def remote_storage(project: ProjectModel, backend: str, depth: int = 0) -> Optional[str]:
    """The remote backend `backend` is or derives from (its dotted path), or None when it is
    not one or its bases cannot be followed."""
    if backend.startswith(REMOTE_STORAGE_PREFIXES):
        return backend
    module, _, name = backend.rpartition(".")
    if not module or depth >= MAX_DEPTH:
        return None
    relpath = project.locate_module(module)
    parsed = project.python(relpath) if relpath else None
    tree = getattr(parsed, "module", None)
    if relpath is None or not isinstance(tree, cst.Module):
        return None
    names = imported_names(tree, module, relpath.endswith("/__init__.py"))
    for statement in tree.body:
        if isinstance(statement, cst.ClassDef) and statement.name.value == name:
            for base in statement.bases:
                written = dotted(base.value)
                if written is None:
                    continue
                head, _, rest = written.partition(".")
                if head in names:
                    full = f"{names[head]}.{rest}" if rest else names[head]
                else:
                    full = f"{module}.{written}"  # a class of the same module
                found = remote_storage(project, full, depth + 1)
                if found is not None:
                    return found
    return None


def imported_names(tree: cst.Module, module: str, is_package: bool) -> dict[str, str]:
    """What each name a module imports at its top level stands for, as a dotted path."""
    package = module if is_package else module.rpartition(".")[0]
    names: dict[str, str] = {}
    for statement in tree.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    full = dotted(alias.name) or ""
                    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                        names[alias.asname.name.value] = full
                    else:
                        head = full.split(".", 1)[0]
                        names[head] = head
            elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                source = dotted(small.module) if small.module is not None else ""
                if small.relative:
                    base = package
                    for _ in range(len(small.relative) - 1):
                        base = base.rpartition(".")[0]
                    source = f"{base}.{source}" if source else base
                for alias in small.names:
                    imported = dotted(alias.name) or ""
                    local = imported
                    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                        local = alias.asname.name.value
                    names[local] = f"{source}.{imported}"
    return names
