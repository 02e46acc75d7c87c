"""Code that the mock server and the contract suite share, so that each fact is stated once."""
