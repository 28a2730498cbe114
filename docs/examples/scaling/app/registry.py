"""The registries of the examples: scope 'app' and its child scope 'det'."""

from scopereg import DefaultScope, Registry, init_default_scope

MODELS = Registry("model", scope="app")
DET_MODELS = Registry("model", parent=MODELS, scope="det")


@MODELS.register_module(name="Head")
class AppHead:
    pass


@DET_MODELS.register_module(name="Head")
class DetHead:
    pass


def build_head(*args):
    """Build 'Head' in the default scope in force here; name what was built."""
    return type(MODELS.build({"type": "Head"})).__name__


def build_like_a_runner(scope):
    """Set the process-wide default scope first, as mmengine's Runner does."""
    init_default_scope(scope)
    return build_head()


def scope_name():
    """Name the default scope in force here, or None."""
    scope = DefaultScope.get_current_instance()
    return None if scope is None else scope.scope_name
