//! The command line as README.md ("Using it") documents it, parsed with clap.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// SMS Backup & Restore calls-*.xml
    AndroidCalls,
    /// SMS Backup & Restore sms-*.xml (with MMS)
    AndroidSms,
    /// iOS CallHistory.storedata (its -wal beside it is read too)
    IosCalls,
    /// iOS sms.db
    IosSms,
    /// MemoTrace/留痕 WeChat chat export (CSV)
    WechatCsv,
    /// Any CSV/TSV call or message list, read through --mapping
    Csv,
    /// An Excel workbook (.xls, .xlsx) holding such a list: a carrier 详单
    Excel,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The case folder.
    pub case: PathBuf,
    /// The export file, or an iOS backup folder.
    pub file: PathBuf,
    /// The export's format; detected from its content when left out.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// For a CSV list: a built-in mapping (cn-carrier-calls, cn-carrier-sms, generic-calls, generic-messages) or a mapping file (JSON).
    #[arg(long)]
    pub mapping: Option<String>,
    /// Who supplied the export.
    #[arg(long)]
    pub contributor: Option<String>,
    /// Whose phone it comes from: debtor (the borrower) or a number or name (a relative's phone).
    #[arg(long, default_value = "debtor")]
    pub owner: String,
    /// Print the documented JSON schema (dossier.import/1) instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// The case folder.
    pub case: PathBuf,
    /// From this day or time (case time zone), inclusive.
    #[arg(long)]
    pub from: Option<String>,
    /// Up to this day or time (case time zone), exclusive.
    #[arg(long)]
    pub to: Option<String>,
    /// Print the documented JSON schema (dossier.timeline/1) instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PartyArgs {
    /// The case folder.
    pub case: PathBuf,
    #[command(subcommand)]
    pub action: PartyAction,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Lender,
    Agency,
    Collector,
    Debtor,
    Guarantor,
    /// The debtor's husband or wife (the consumer under US rules).
    Spouse,
    Family,
    Friend,
    Colleague,
    Employer,
    Other,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BasisArg {
    User,
    Signature,
    Caller,
    Regulator,
}

#[derive(Debug, Subcommand)]
pub enum PartyAction {
    /// Label a number or account, name it, or put it in a group.
    Set {
        /// A phone number (any common form) or an account.
        #[arg(allow_hyphen_values = true)]
        who: String,
        /// What the party is to the case.
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
        /// A name for the party.
        #[arg(long)]
        name: Option<String>,
        /// The collector or agency this number belongs to.
        #[arg(long)]
        group: Option<String>,
        /// Why the label is true: user (you say so), signature (its SMS are signed 【…】),
        /// caller (the caller said so), regulator (a regulator's or the lender's written reply).
        #[arg(long, value_enum)]
        basis: Option<BasisArg>,
        /// Where the basis is found, in your words: "SMS of 3 March", "call of 5 March, 21:10".
        #[arg(long, requires = "basis")]
        source: Option<String>,
    },
    /// List the parties with their event counts.
    List {
        /// Print the documented JSON schema (dossier.parties/1) instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RulesArg {
    Cn,
    Us,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The case folder to create (conventionally NAME.dossier).
    pub case: PathBuf,
    /// The case title; defaults to the folder's name.
    #[arg(long)]
    pub title: Option<String>,
    /// The rule pack the case is judged under.
    #[arg(long, value_enum, default_value = "cn")]
    pub rules: RulesArg,
    /// Display time zone (IANA name); defaults to Asia/Shanghai for cn, America/New_York for us.
    #[arg(long)]
    pub tz: Option<String>,
    /// Encrypt the case under a passphrase, asked for on the terminal (or read from DOSSIER_PASSPHRASE).
    #[arg(long)]
    pub encrypt: bool,
    /// The borrower's paydays, as days of the month: 15, or 10,25.
    #[arg(long)]
    pub paydays: Option<String>,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// The case folder.
    pub case: PathBuf,
    /// The borrower's paydays, as days of the month: 15, or 10,25; "" clears them.
    #[arg(long)]
    pub paydays: Option<String>,
    /// Record the borrower's written request that this collector stop contacting them
    /// (a name or group of the case's collection parties), with --received.
    #[arg(long, value_name = "COLLECTOR")]
    pub cease: Option<String>,
    /// The day the collector received the written request: 2026-04-02, 2026年4月2日.
    #[arg(long, requires = "cease", conflicts_with = "withdraw")]
    pub received: Option<String>,
    /// How the receipt is known, in your words: "return receipt of 2 April".
    #[arg(long, requires = "received")]
    pub source: Option<String>,
    /// Take back the request to --cease COLLECTOR, recorded by mistake.
    #[arg(long, requires = "cease")]
    pub withdraw: bool,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The case folder; it must not be open in the app or another command.
    pub case: PathBuf,
}

#[derive(Debug, Args)]
pub struct PassphraseArgs {
    /// The encrypted case folder. The old passphrase is asked for (or read from DOSSIER_PASSPHRASE), then the new one twice (or read from DOSSIER_NEW_PASSPHRASE).
    pub case: PathBuf,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The case folder.
    pub case: PathBuf,
    /// Files (or, with --recursive, folders) to store.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Who supplied the files (the borrower, a relative, a lawyer).
    #[arg(long)]
    pub contributor: Option<String>,
    /// A note kept with each file's acquisition.
    #[arg(long)]
    pub note: Option<String>,
    /// The time the files were made, as the contributor states it; overrides what the files say.
    #[arg(long)]
    pub at: Option<String>,
    /// Walk folders and add every file inside (hidden files are skipped).
    #[arg(long, short = 'r')]
    pub recursive: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ChannelArg {
    Call,
    Message,
    Visit,
    Letter,
    Post,
    Other,
}

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// The case folder.
    pub case: PathBuf,
    /// What happened, in your own words.
    #[arg(long)]
    pub text: String,
    /// When it happened: 2026-03-05 21:30 (case time zone) or 2026-03-05T21:30:00+08:00.
    #[arg(long)]
    pub at: String,
    /// Who it involved: a phone number, an account or a name.
    #[arg(long)]
    pub party: Option<String>,
    /// What kind of contact it was.
    #[arg(long, value_enum, default_value = "other")]
    pub channel: ChannelArg,
    /// Who is giving this account.
    #[arg(long)]
    pub contributor: Option<String>,
    /// Whom it happened to: debtor, a number, an account or a labelled name; when absent, the contributor if they are a labelled party, else the debtor.
    #[arg(long)]
    pub reached: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The case folder.
    pub case: PathBuf,
    /// Print the documented JSON schema (dossier.list/1) instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The case folder, or a bundle (ZIP) made by `dossier export --bundle`; a sealed one (.age) is opened beside itself first, with DOSSIER_EXPORT_PASSPHRASE or the passphrase typed.
    pub case: PathBuf,
    /// Print the documented JSON schema (dossier.verify/1) instead of text.
    #[arg(long)]
    pub json: bool,
    /// A chain head kept from earlier (the hash `verify` printed, or one from a timestamp): the case must still contain that audit entry, so nothing before it was cut or replaced.
    #[arg(long, value_name = "HASH")]
    pub head: Vec<String>,
    /// An earlier manifest.json or bundle .zip of this case: its last audit entry must still be in the chain.
    #[arg(long, value_name = "FILE")]
    pub against: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The case folder.
    pub case: PathBuf,
    /// The rule pack: cn, us, or a pack file (.toml); defaults to the case's own.
    #[arg(long)]
    pub rules: Option<String>,
    /// Print the documented JSON schema (dossier.check/1) instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The case folder.
    pub case: PathBuf,
    /// Print the documented JSON schema (dossier.stats/1) instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The case folder.
    pub case: PathBuf,
    /// Where to write the PDF.
    #[arg(long)]
    pub pdf: PathBuf,
    /// Also write the bundle: the PDF, every original, manifest.json and VERIFY.txt in one ZIP.
    #[arg(long)]
    pub bundle: Option<PathBuf>,
    /// The dossier's language; defaults to zh for cn cases and en for us cases.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Leave third parties' numbers and names unmasked (a lawyer's copy).
    #[arg(long, conflicts_with = "redact_third_parties")]
    pub no_redact: bool,
    /// Mask third parties' numbers and names (the default).
    #[arg(long)]
    pub redact_third_parties: bool,
    /// Who prepared the dossier, as printed on the cover; defaults to the system user.
    #[arg(long)]
    pub preparer: Option<String>,
    /// Seal the PDF and the bundle as age files under a passphrase for sending (asked for, or read from DOSSIER_EXPORT_PASSPHRASE); `.age` is added to their names.
    #[arg(long, conflicts_with = "plaintext")]
    pub seal: bool,
    /// Write an encrypted case's dossier and bundle unencrypted (required for an encrypted case unless --seal).
    #[arg(long)]
    pub plaintext: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// A new or empty folder to build the demo in.
    pub dir: PathBuf,
}
