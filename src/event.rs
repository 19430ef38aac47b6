//! TODO(issue): module `event` (in progress).
