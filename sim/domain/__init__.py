"""The town's records and rules that agents share: orders, policies, working hours, demand and
the calendar."""
