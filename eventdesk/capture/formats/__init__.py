"""One module per family of badge formats. Each takes cleaned payload text and a phone region and returns
a ParseOutcome (or None when the text is not of its shape); none of them raises on any text."""
