"""The town a user gives: scenario files with their `extends` chains and CSV files, towns built in
Python, and what the town's stores can cover, read and checked before a model is built."""
