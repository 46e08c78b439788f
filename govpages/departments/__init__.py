"""Department access: provisioning a department's subtree, groups and staff, and its admin views."""
