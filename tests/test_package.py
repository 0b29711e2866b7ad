"""The package installs on its own: its data (migrations, the gemeenten register, the starter set, the
demo municipality) comes through importlib.resources, not through the source folder."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHECK = """
import kompas, sys
from pathlib import Path
from kompas.domain import register
from kompas.store import starter
from kompas.store.connection import Store, latest_version
from kompas.demo.build import build_demo_file
assert not Path(kompas.__file__).is_relative_to(Path(sys.argv[1])), kompas.__file__
store = Store(':memory:', create=True)
assert store.schema_version() == latest_version()
print(len(register.gemeenten()), len(starter.starter_indicators()) > 0)
build_demo_file(Path(sys.argv[2]) / 'demo.duckdb')
print('demo ok')
"""


def test_the_installed_package_finds_its_own_data(tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(ROOT)],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(ROOT), str(tmp_path)], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    count, has_starter = done.stdout.split("\n")[0].split()
    assert int(count) > 300 and has_starter == "True"
    assert "demo ok" in done.stdout
