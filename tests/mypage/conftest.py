# The course-module fixtures: partners, teachers, a module index and module builders.
from tests.modules.conftest import make_module, module_index, partners  # noqa: F401
