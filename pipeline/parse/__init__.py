"""Field parsers: each turns one template field's lines into its structured value."""
