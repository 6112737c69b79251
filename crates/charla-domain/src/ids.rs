//! Public identifiers: UUIDv7, non-enumerable and time-ordered.

use uuid::Uuid;

/// A new identifier for any row.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}
