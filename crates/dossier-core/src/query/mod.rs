//! Reading a case back for people: its exhibits and events (`list`) and
//! the merged timeline with every source of each event (`timeline`).

pub mod list;
pub mod timeline;
