//! The vocabulary every layer speaks, with no storage and no I/O: what a
//! contact came through (`Channel`), the jurisdiction whose rules apply
//! (`Rules`), the kind of a file (`Kind`) and phone numbers brought to one
//! form (`phone`). Everything else in the crate may use these; they use
//! nothing of it.

pub mod channel;
pub mod direction;
pub mod jurisdiction;
pub mod kind;
pub mod lang;
pub mod phone;
pub mod role;
