"""The report itself, free of any interface: its typed shape, ids, JSON conversion and checks,
the template it follows, every change a user can make, and the review record."""
