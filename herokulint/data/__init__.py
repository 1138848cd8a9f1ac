"""Platform facts herokulint checks against, kept as plain data with the date they were read."""
