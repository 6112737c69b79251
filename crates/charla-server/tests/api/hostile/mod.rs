//! The hostile suite: what an attacker would try, each as a regression test on both databases.

mod login;
mod recovery;
mod setup;
mod tokens;
