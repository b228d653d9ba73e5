"""Hub tests: tell fixtures whether the test failed, so a screenshot is saved only then."""
import pytest


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rr_failed = report.failed
