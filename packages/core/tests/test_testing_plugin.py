"""The pytest plugin: its fixtures undo each test's registrations, also under xdist."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

# Hypothesis's plugin imports hypothesis for its summary, a second or more per
# process where bytecode is not cached (PYTHONDONTWRITEBYTECODE); these runs
# do not use it.
NO_HYPOTHESIS = ("-p", "no:hypothesispytest")

# Each test registers the name "PluginNet" (a new class each run) into the
# shared root registry and adds the same child scope below it: the second test
# run in a process fails unless the first one's changes were undone.
LEAKY_TESTS = """
    import pytest
    from scopereg import MODELS, Registry

    @pytest.mark.parametrize("run", range({runs}))
    def test_register_into_the_shared_root(run{fixture}):
        MODELS.register_module(name="PluginNet", module=type("Net", (), {{}}))
        Registry("model", parent=MODELS, scope="plugin_child")
        assert "plugin_child" in MODELS.children
"""


def leaky_tests(runs: int, fixture: str) -> str:
    return LEAKY_TESTS.format(runs=runs, fixture=f", {fixture}" if fixture else "")


def test_the_plugin_is_loaded_through_its_entry_point(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        def test_plugin(request):
            assert request.config.pluginmanager.hasplugin("scopereg")
        """
    )

    pytester.runpytest(*NO_HYPOTHESIS).assert_outcomes(passed=1)


@pytest.mark.usefixtures("registry_sandbox")
def test_without_the_sandbox_a_test_leaks_into_the_next(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(leaky_tests(runs=2, fixture=""))

    result = pytester.runpytest(*NO_HYPOTHESIS)

    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["*PluginNet is already registered in model at *(registry scopereg::model)*"]
    )


def test_the_sandbox_undoes_registrations_and_child_registries(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(leaky_tests(runs=3, fixture="registry_sandbox"))

    pytester.runpytest(*NO_HYPOTHESIS).assert_outcomes(passed=3)


def test_the_sandbox_undoes_a_failed_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from scopereg import MODELS

        def test_fails_after_registering(registry_sandbox):
            MODELS.register_module(name="PluginNet", module=dict)
            raise AssertionError("the test failed")

        def test_next_test_sees_nothing(registry_sandbox):
            assert "PluginNet" not in MODELS.module_dict
        """
    )

    pytester.runpytest("-p", "no:randomly", *NO_HYPOTHESIS).assert_outcomes(
        passed=1, failed=1
    )


def test_the_sandbox_undoes_a_process_wide_default_scope(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        from scopereg import DefaultScope, init_default_scope

        def test_sets_a_default(registry_sandbox):
            init_default_scope("plugin_scope")

        def test_sees_none():
            assert DefaultScope.get_current_instance() is None
        """
    )

    pytester.runpytest("-p", "no:randomly", *NO_HYPOTHESIS).assert_outcomes(passed=2)


def test_the_default_scope_fixture_sets_the_scope_for_one_test(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import threading
        import pytest
        from scopereg import DefaultScope

        def scope_name():
            scope = DefaultScope.get_current_instance()
            return None if scope is None else scope.scope_name

        def test_sets_it(default_scope):
            default_scope("plugin_scope")
            seen = []
            thread = threading.Thread(target=lambda: seen.append(scope_name()))
            thread.start()
            thread.join()
            assert (scope_name(), seen) == ("plugin_scope", ["plugin_scope"])

        @pytest.mark.parametrize("default_scope", ["plugin_param"], indirect=True)
        def test_param_sets_it(default_scope):
            assert scope_name() == "plugin_param"

        def test_afterwards_there_is_none():
            assert scope_name() is None
        """
    )

    pytester.runpytest("-p", "no:randomly", *NO_HYPOTHESIS).assert_outcomes(passed=3)


def test_the_sandbox_works_in_two_xdist_workers(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    # Four tests: xdist sends each worker two, so in each the second one
    # meets what the first registered unless the sandbox undid it.
    pytester.makepyfile(leaky_tests(runs=4, fixture="registry_sandbox"))

    result = pytester.runpytest_subprocess(
        "-n", "2", "-p", "no:cacheprovider", *NO_HYPOTHESIS
    )

    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["*2 workers*"])
