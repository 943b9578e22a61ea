"""A drill played in a room: a facilitator and players in roles, each in a browser, on the clock.

`session` is what the server talks to: it puts together the model paced by the wall clock
(`paced_model`), the room's tokens and who may do what (`room`), the injects (`live_hook`), the
decisions waiting for their role (`open_decisions`), the roles' actions (`action_form`), the
players' channel set-up (`channel_set_up`) and the journal of it all (`journal`). `roles` says
what each role may do and see, `views` and `reports` draw each role's page data, `server` is the
small web app that serves the pages and their JSON, one unguessable token per role.
"""
