"""The clock: jobs that call core services and the channel senders when work falls due."""
