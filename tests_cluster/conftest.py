"""The ``cluster`` fixture: a standalone Spark cluster on loopback (:mod:`loopback`) for the
whole session, always stopped at its end (also when a test fails).

Run by ``make spark-cluster``; nothing here is skipped: without Java, pyspark or strace the
tests fail, saying what is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from loopback import Cluster, loopback_cluster


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    assert shutil.which("java"), "Java is missing: apt-get install openjdk-17-jre-headless"
    assert shutil.which("strace"), "strace is missing: apt-get install strace"
    with loopback_cluster(tmp_path_factory.mktemp("cluster")) as started:
        yield started
