//! TODO(issue): module `webhook` (in progress).
