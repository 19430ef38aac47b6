//! TODO(issue): module `payment` (in progress).
