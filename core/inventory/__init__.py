"""The equipment inventory: assets and their history, requirement profiles and compliance,
inventory rounds, and the counts the SIO asks for."""
