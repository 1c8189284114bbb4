//! Reading a case back for people: its exhibits and events (`list`), the
//! merged timeline with every source of each event (`timeline`), and one
//! exhibit's detail as a reader opens it (`exhibit`).

pub mod exhibit;
pub mod list;
pub mod timeline;
