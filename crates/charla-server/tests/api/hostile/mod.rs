//! The hostile suite: what an attacker tries and what they must see, on both databases.
//! Issue 12's findings and the rows of HOSTILE-TESTS.md, one file per subject.

mod headers;
mod metrics;
mod secrets;
mod uploads;
mod visitor;
mod webhook_size;
mod widget_limits;
mod widget_socket;
