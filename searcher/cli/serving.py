"""``searcher serve``: the web interface on a local port."""

from __future__ import annotations

import os
from pathlib import Path

import click

from searcher.cli.app import cli, index_option
from searcher.errors import ExtraMissing


@cli.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="Server processes: a search runs on one core, so one per core answers that many "
    "new searches at once.",
)
def serve(index_path: Path | str, host: str, port: int, workers: int) -> None:
    """Serve the index read-only in a browser: search, articles, trends, a JSON API.

    Bound to this machine only unless --host says otherwise. The server follows updates:
    a 'searcher index' run is seen after its commit, without a restart. Needs searcher[web].

    \b
    Example:
      searcher serve --index indexdir --port 8080    # then open http://127.0.0.1:8080/
      searcher serve --workers 4                     # four processes on a 4-core server
    """
    try:
        import uvicorn

        from searcher.web.app import INDEX_VARIABLE, make_app
    except ImportError as exc:
        raise ExtraMissing(
            f"serve needs {exc.name}, which is not installed",
            hint="pip install 'searcher[web]'",
        ) from exc
    app = make_app(index_path)  # a missing index fails here, before any process starts
    click.echo(f"searcher: serving {index_path} on http://{host}:{port}/", err=True)
    options = {"host": host, "port": port, "log_level": "warning", "access_log": False}
    if workers == 1:
        uvicorn.run(app, **options)
        return
    app.state.archive.close()  # each process opens its own
    # A folder by its absolute path; a cluster's address (kept as text) as given.
    location = str(index_path.resolve()) if isinstance(index_path, Path) else index_path
    os.environ[INDEX_VARIABLE] = location
    uvicorn.run("searcher.web.app:from_environment", factory=True, workers=workers, **options)
