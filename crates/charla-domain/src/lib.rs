//! Charla's domain rules: plain functions over plain types, no IO.

pub mod access;
pub mod ids;
pub mod people;
pub mod search;
pub mod tenancy;
pub mod time;
pub mod validation;
