"""Static files under hashed names (whitenoise), JavaScript module imports included."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's compressed manifest storage, which also rewrites `import … from "./x.js"`.

    The discussion client is made of native ES modules that import each other by relative
    URL. Rewritten to the hashed names, a release changes the URL of every module whose
    imports changed, so a browser never runs new modules with old ones from its cache.
    """

    support_js_module_import_aggregation = True
