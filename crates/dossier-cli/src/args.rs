//! The command line as README.md ("Using it") documents it, parsed with
//! clap: the commands here, each one's arguments beside its code in
//! `cmd/` (with its Chinese help), the vocabulary the core's own types.

use crate::cmd::{
    AddArgs, CheckArgs, ConvertArgs, DemoArgs, ExportArgs, ImportArgs, InitArgs, ListArgs,
    NoteArgs, PartyArgs, PassphraseArgs, SetArgs, StatsArgs, TimelineArgs, VerifyArgs,
};
use clap::{Parser, Subcommand};

/// A clap parser over one of the core's vocabularies (`Role::ALL` with
/// `Role::parse`): `--help` lists its words and the value is the core's own
/// type, so the command line defines no role, channel or language of its own.
macro_rules! words_of {
    ($all:expr, $parse:path) => {
        clap::builder::TypedValueParser::map(
            clap::builder::PossibleValuesParser::new($all.map(|v| v.as_str())),
            |text| $parse(&text).expect("clap passes only a listed word"),
        )
    };
}
pub(crate) use words_of;

#[derive(Debug, Parser)]
#[command(
    name = "dossier",
    version,
    about = "Keep harassment evidence byte-exact, hashed and chained; prove nothing was altered.",
    long_about = "Dossier keeps screenshots, call logs, messages, recordings and notes byte-exact with their \
                  SHA-256 in a case folder, with a hash-chained audit log of every change.\n\n\
                  Messages follow the system language; set DOSSIER_LANG=zh or DOSSIER_LANG=en to choose."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new case folder.
    Init(InitArgs),
    /// Store files (screenshots, photos, recordings, documents) as exhibits.
    Add(AddArgs),
    /// Store a typed account of something that happened (a visit, a call from memory).
    Note(NoteArgs),
    /// List the exhibits with their hashes and capture times.
    List(ListArgs),
    /// Re-hash every original and check the audit chain and the database.
    Verify(VerifyArgs),
    /// Import a phone's call log, SMS/MMS or chat export.
    Import(ImportArgs),
    /// List the events of the case in time order, with their sources.
    Timeline(TimelineArgs),
    /// Label, name and group the numbers and accounts, or list the parties.
    Party(PartyArgs),
    /// Change what the case records about the borrower: their paydays, their written requests to stop.
    Set(SetArgs),
    /// Check the case against its rule pack: findings with the events that prove them.
    Check(CheckArgs),
    /// Statistics: contacts per day and hour, numbers, parties, people reached.
    Stats(StatsArgs),
    /// Export the dossier as a PDF: summary, findings, exhibit list, timeline, exhibits, custody.
    Export(ExportArgs),
    /// Build a realistic synthetic case in DIR, to see Dossier working.
    Demo(DemoArgs),
    /// Change the passphrase of an encrypted case (no original is rewritten).
    Passphrase(PassphraseArgs),
    /// Encrypt a plain case in place, under a new passphrase.
    Encrypt(ConvertArgs),
    /// Decrypt an encrypted case in place: its originals are stored in plaintext again.
    Decrypt(ConvertArgs),
}
