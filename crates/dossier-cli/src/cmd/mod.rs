//! One module per command: each decodes its arguments, calls the core and
//! prints the result in the user's language (`say!`), returning the exit
//! code. What several commands share (opening a case, sizes and local times)
//! stays in `lib.rs`.

mod add;
mod check;
mod demo;
mod export;
mod import;
mod init;
mod list;
mod note;
mod party;
mod protect;
mod set;
mod stats;
mod timeline;
mod verify;

pub(crate) use add::add;
pub(crate) use check::check_cmd;
pub(crate) use demo::demo;
pub(crate) use export::{export_cmd, write_dossier};
pub(crate) use import::import_cmd;
pub(crate) use init::init;
pub(crate) use list::list_cmd;
pub(crate) use note::note;
pub(crate) use party::party_cmd;
pub(crate) use protect::{convert_cmd, new_passphrase_if, passphrase_cmd};
pub(crate) use set::set_cmd;
pub(crate) use stats::stats_cmd;
pub(crate) use timeline::timeline_cmd;
pub(crate) use verify::verify_cmd;
