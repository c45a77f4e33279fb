"""``searcher serve``: the web interface on a local port."""

from __future__ import annotations

from pathlib import Path

import click

from searcher.cli.app import cli, index_option
from searcher.errors import ExtraMissing


@cli.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True)
def serve(index_path: Path, host: str, port: int) -> None:
    """Serve the index read-only in a browser: search, articles, trends, a JSON API.

    Bound to this machine only unless --host says otherwise. The server follows updates:
    a 'searcher index' run is seen after its commit, without a restart. Needs searcher[web].

    \b
    Example:
      searcher serve --index indexdir --port 8080    # then open http://127.0.0.1:8080/
    """
    try:
        import uvicorn

        from searcher.web.app import make_app
    except ImportError as exc:
        raise ExtraMissing(
            f"serve needs {exc.name}, which is not installed",
            hint="pip install 'searcher[web]'",
        ) from exc
    app = make_app(index_path)
    click.echo(f"searcher: serving {index_path} on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
