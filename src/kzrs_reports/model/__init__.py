"""The typed visit model and the checks that relate its parts."""
