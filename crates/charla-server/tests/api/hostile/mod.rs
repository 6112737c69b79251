//! The hostile suite: what a hostile review found, and what attacks on other contact
//! centers did, each kept as a test on both databases.

mod realtime_origin;
mod socket_reauth;
mod sockets;
mod supervision;
