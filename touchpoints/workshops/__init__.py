"""Workshops: planning, the live board, facilitation and participants, in one place.

The models stay in touchpoints.models (moving them would move their migrations); everything
else a workshop needs lives here: the board (board.py), the facilitator's and participants'
changes (facilitation.py), board locking (locking.py), the join limiter (join_limit.py), the
forms, the template tags, the URLs and the views.
"""
