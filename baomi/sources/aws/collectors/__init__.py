"""One module per AWS service: facts that fetch what checks need, each API call made once per resource."""
