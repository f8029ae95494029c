"""The warm reader process (load/exports/_readstat_server.py): each ``.sav``/``.zsav``/``.dta``
read is a child forked from one process per cxgap run that has imported pyreadstat. A crash of
a child leaves it serving; a server that was stopped is replaced; a relative path is read from
cxgap's own directory; and where there is no server (not Linux, or it cannot start) each read
starts the child afresh, with the same answers and the same errors.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from cxgap.errors import InputError
from cxgap.load.exports import _readstat
from readstat_builders import KNOWN_CRASHES, damaged_file, good_files


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return good_files(tmp_path_factory.mktemp("readstat"), rows=20)


def _read(path: Path) -> tuple[list[str], int]:
    names, _, rows, _ = _readstat.read_readstat(path, path.name, stata=path.suffix == ".dta")
    return names, rows


def _server_pid() -> int:
    assert _readstat._server is not None
    return _readstat._server.process.pid


def _crash_message(good: dict[str, Path], tmp_path: Path) -> str:
    path = damaged_file(good[".zsav"], KNOWN_CRASHES[".zsav"][0], tmp_path)
    with pytest.raises(InputError) as info:
        _readstat.read_readstat(path, path.name, stata=False)
    return str(info.value)


@pytest.mark.skipif(not _readstat._FORKS, reason="the warm reader runs on Linux only")
def test_a_crash_leaves_the_server_serving(good: dict[str, Path], tmp_path: Path) -> None:
    assert _read(good[".sav"])[1] == 20
    pid = _server_pid()
    assert "its reader (ReadStat) crashed on it (SIGSEGV)" in _crash_message(good, tmp_path)
    assert _read(good[".dta"]) == (_read(good[".sav"])[0], 20)
    assert _server_pid() == pid


@pytest.mark.skipif(not _readstat._FORKS, reason="the warm reader runs on Linux only")
def test_a_stopped_server_is_replaced(good: dict[str, Path]) -> None:
    _read(good[".sav"])
    pid = _server_pid()
    os.kill(pid, signal.SIGKILL)
    assert _read(good[".zsav"])[1] == 20
    assert _server_pid() != pid


def test_a_relative_path_is_read_from_the_current_directory(
    good: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _read(good[".sav"])  # the server, if any, started elsewhere
    monkeypatch.chdir(good[".sav"].parent)
    assert _read(Path("good.sav"))[1] == 20


def test_without_a_server_each_read_starts_the_child_afresh(
    good: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forked = _readstat.read_readstat(good[".sav"], "x", stata=False)
    crashed = _crash_message(good, tmp_path)
    monkeypatch.setattr(_readstat, "_FORKS", False)
    monkeypatch.setattr(_readstat, "SERVER", tmp_path / "no_such_server.py")  # never started
    fresh = _readstat.read_readstat(good[".sav"], "x", stata=False)
    assert fresh[:3] == forked[:3] and vars(fresh[3]) == vars(forked[3])
    assert _crash_message(good, tmp_path) == crashed


@pytest.mark.skipif(not _readstat._FORKS, reason="the warm reader runs on Linux only")
def test_a_fork_reads_through_its_parents_server(good: dict[str, Path]) -> None:
    """As ``make fuzz`` forks a command: the child's read is forked from the same server."""
    _readstat.start()
    pid = _server_pid()
    child = os.fork()
    if child == 0:  # the fork: exit 0 when it read the file through the parent's server
        code = 1
        try:
            read = _read(good[".sav"])[1] == 20
            server = _readstat._server
            shared = server is not None and server.process.pid == pid and not server.owned
            code = 0 if read and shared else 1
        finally:
            os._exit(code)
    assert os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 0
    assert _readstat._server is not None and _readstat._server.owned
    assert _read(good[".dta"])[1] == 20 and _server_pid() == pid
