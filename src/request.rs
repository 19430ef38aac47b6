//! TODO(issue): module `request` (in progress).
