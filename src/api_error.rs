//! TODO(issue): module `api_error` (in progress).
