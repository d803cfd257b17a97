"""Workshop screens, split by noun: planning, the board, facilitation, participants."""
