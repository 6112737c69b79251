//! The hostile suite: attacks that worked on our closest peers (Chatwoot, Rocket.Chat) and
//! the findings of our own hostile review, each as a test on both databases. The plan, row
//! by row, is docs/security/hostile-tests.md; add a row and a test whenever a new class of
//! bug is found in Charla itself.

// Our peers' vulnerabilities, attempted on Charla.
mod peers_accounts;
mod peers_injection;
mod peers_realtime;
mod peers_ssrf;
mod peers_tenancy;
mod peers_uploads;

// Our own review's findings.
mod headers;
mod login;
mod metrics;
mod realtime_origin;
mod recovery;
mod secrets;
mod setup;
mod socket_reauth;
mod sockets;
mod supervision;
mod tokens;
mod uploads;
mod visitor;
mod webhook_size;
mod widget_limits;
mod widget_socket;
