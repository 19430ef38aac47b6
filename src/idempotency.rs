//! TODO(issue): module `idempotency` (in progress).
