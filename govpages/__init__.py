"""govpages: Wagtail building blocks for Chinese government information-disclosure portals."""
