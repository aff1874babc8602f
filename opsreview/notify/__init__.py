"""Outside systems that tell people things: mail and a chat webhook. Each degrades when not set up."""
