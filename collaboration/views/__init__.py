"""The collaboration pages, one module per kind; they all work without JavaScript.

`spaces` (discussion spaces and group pages), `joining` (invitation codes and sign-up),
`management` (a module's enrolment and groups, for its teachers) and `figures` (the
participation figures). Refusals and 404s go through `collaboration.refusals`.
"""
