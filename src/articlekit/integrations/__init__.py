"""articlekit on engines others run: Dask (``articlekit.integrations.dask_engine``)."""
