"""Errors raised for malformed instance or solution documents."""


class InstanceError(ValueError):
    """A malformed instance (or solution) document.

    The message always starts with the path of the bad field, e.g.
    ``clients[3].clinician: unknown staff id 's99'``, so one line tells a user what to fix.
    """

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path else problem)
