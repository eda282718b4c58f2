"""Figure builders: a tidy frame in, a plotly Figure out; nothing shown, nothing saved."""
