"""Static files as production serves them: under hashed names, module imports included."""

import re

from django.contrib.staticfiles.finders import AppDirectoriesFinder
from django.utils.module_loading import import_string

from coil_platform.settings import base

IMPORT = re.compile(r'^import .* from "\./([^"]+)";$', re.M)


def test_the_discussion_modules_import_each_other_by_hashed_name(tmp_path):
    storage = import_string(base.STORAGES["staticfiles"]["BACKEND"])(location=tmp_path)
    paths = {}
    for path, source in AppDirectoriesFinder(app_names=["accounts", "collaboration"]).list([]):
        with source.open(path) as file:
            storage.save(path, file)
        paths[path] = (storage, path)
    for _name, _hashed, processed in storage.post_process(paths):
        assert not isinstance(processed, Exception), processed

    entry = (tmp_path / storage.stored_name("collaboration/discussion.js")).read_text()
    imported = IMPORT.findall(entry)
    assert "connection.js" not in imported and len(imported) > 5
    for name in imported:
        # A name with its content's hash, as the manifest gives it, and a file under it.
        original = re.sub(r"\.[0-9a-f]{12}\.js$", ".js", name)
        assert name != original
        assert storage.stored_name(f"collaboration/{original}") == f"collaboration/{name}"
        assert (tmp_path / "collaboration" / name).is_file()
