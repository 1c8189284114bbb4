//! One module per command: its arguments (clap, with the English help as
//! doc comments and the Chinese as `HELP_ZH`), and the code that decodes
//! them, calls the core and prints the result in the user's language
//! (`say!`), returning the exit code. What several commands share (opening a case, sizes and local times)
//! stays in `lib.rs`.

pub(crate) mod add;
pub(crate) mod check;
pub(crate) mod demo;
pub(crate) mod export;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod list;
pub(crate) mod note;
pub(crate) mod party;
pub(crate) mod protect;
pub(crate) mod set;
pub(crate) mod stats;
pub(crate) mod timeline;
pub(crate) mod verify;

pub(crate) use add::{AddArgs, add};
pub(crate) use check::{CheckArgs, check_cmd};
pub(crate) use demo::{DemoArgs, demo};
pub(crate) use export::{ExportArgs, export_cmd, write_dossier};
pub(crate) use import::{ImportArgs, import_cmd};
pub(crate) use init::{InitArgs, init};
pub(crate) use list::{ListArgs, list_cmd};
pub(crate) use note::{NoteArgs, note};
pub(crate) use party::{PartyArgs, party_cmd};
pub(crate) use protect::{
    ConvertArgs, PassphraseArgs, convert_cmd, new_passphrase_if, passphrase_cmd,
};
pub(crate) use set::{SetArgs, set_cmd};
pub(crate) use stats::{StatsArgs, stats_cmd};
pub(crate) use timeline::{TimelineArgs, timeline_cmd};
pub(crate) use verify::{VerifyArgs, verify_cmd};
