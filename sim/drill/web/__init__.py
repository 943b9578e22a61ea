"""A drill played in a room: a facilitator and players in roles, each in a browser, on the clock.

`session` holds the drill (the model, paced by the wall clock, and everything the players did),
`roles` says what each role may do and see, `views` draws each role's page data, `server` is the
small web app that serves the pages and their JSON, one unguessable token per role.
"""
