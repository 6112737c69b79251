//! REP-2's metrics, exactly as defined, over plain values: the time metrics of one
//! conversation (`times`), what it adds to a report (`conversation`), exact sums with
//! log-bucket percentiles (`summary`, `histogram`), the organization's local day (`day`)
//! and the contact and survey figures (`audience`).

pub mod audience;
pub mod conversation;
pub mod day;
pub mod histogram;
pub mod leaderboard;
pub mod period;
pub mod summary;
pub mod times;

pub use conversation::{ConversationFact, ConversationTotals};
pub use summary::{TimeStats, TimeSummary};
pub use times::{ConversationTimes, Side, response_times};
