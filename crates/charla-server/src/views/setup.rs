//! The first run.

use schemars::JsonSchema;
use serde::Serialize;

/// Whether this server still needs its first organization.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SetupStatusView {
    /// True until `POST /setup` has created the first organization.
    pub needs_setup: bool,
}
