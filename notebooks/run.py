"""Runs a notebook from top to bottom with nbclient and writes the executed copy.

    EURO_AI_GRAPH_URL=http://localhost:4000/graphql \
      .venv-notebooks/bin/python notebooks/run.py notebooks/investors-and-customers.ipynb \
      --output test-artifacts/notebook/investors-and-customers.ipynb

The kernel inherits this process's environment (EURO_AI_GRAPH_URL, EURO_AI_GRAPH_PLOT)
and runs in the notebook's folder. Exits 1 naming the failing cell and its error (the
executed copy is written all the same, up to that cell), 0 when every cell ran.
"""
import argparse
import os
import sys
import time
from pathlib import Path

# The python3 kernel of this environment (the venv's), before one registered for the user.
os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--output", type=Path, help="where to write the executed notebook")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell (default 120)")
    args = parser.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    client = NotebookClient(
        nb,
        timeout=args.timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(args.notebook.resolve().parent)}},
    )
    started = time.monotonic()
    failure = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as error:
        failure = error
    finally:
        if args.output:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, args.output)
    seconds = time.monotonic() - started
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    if failure is not None:
        ran = sum(1 for c in code_cells if c.get("execution_count"))
        print(f"notebook {args.notebook}: code cell {ran} of {len(code_cells)} failed after {seconds:.1f} s", file=sys.stderr)
        print(str(failure), file=sys.stderr)
        return 1
    print(f"notebook {args.notebook}: {len(code_cells)} code cells ran in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
