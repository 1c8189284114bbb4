//! Parties: the lenders, agencies and collectors behind the numbers, the
//! debtor, and the people they reached. Numbers and accounts map to parties
//! by key; `dossier party set` labels, names and groups them, each change
//! with its audit entry.

use crate::case::Case;
use crate::case::audit::{self, Action};
use crate::clock::Clock;
use crate::model::phone;
pub use crate::model::role::Role;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

/// The key of the debtor's own party: the phone owner of a borrower's imports.
pub const SELF_KEY: &str = "self";

/// Why a party carries its label: who or what says this number is that
/// company or person. A lawyer defends a label by its basis, so each is
/// recorded; a label without one was stated by the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Basis {
    /// The user says so.
    User,
    /// An SMS from the number signed 【…】 by that company.
    Signature,
    /// The caller's own words, in a call or a typed note.
    Caller,
    /// A regulator's or the lender's written reply.
    Regulator,
}

impl Basis {
    pub const ALL: [Basis; 4] = [
        Basis::User,
        Basis::Signature,
        Basis::Caller,
        Basis::Regulator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Basis::User => "user",
            Basis::Signature => "signature",
            Basis::Caller => "caller",
            Basis::Regulator => "regulator",
        }
    }

    pub fn parse(text: &str) -> Option<Basis> {
        Basis::ALL.into_iter().find(|b| b.as_str() == text)
    }

    /// How the basis reads in a dossier and on the parties screen.
    pub fn label(self, lang: crate::model::lang::Lang) -> &'static str {
        let (zh, en) = self.describe();
        match lang {
            crate::model::lang::Lang::Zh => zh,
            crate::model::lang::Lang::En => en,
        }
    }

    /// How the basis reads in a dossier, in Chinese and English.
    pub fn describe(self) -> (&'static str, &'static str) {
        match self {
            Basis::User => ("用户自述", "stated by the user"),
            Basis::Signature => ("该号码短信的【】签名", "the 【】 signature of its SMS"),
            Basis::Caller => ("对方自称", "the caller's own words"),
            Basis::Regulator => (
                "监管或出借方的书面答复",
                "a regulator's or the lender's written reply",
            ),
        }
    }
}

crate::model::text_form!(Basis);

/// A label's basis with where it is found ("SMS of 3 March", an exhibit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelBasis {
    pub basis: Basis,
    pub source: Option<String>,
}

/// Why a party change was refused.
#[derive(Debug, thiserror::Error)]
pub enum PartyError {
    #[error(
        "{input:?} is a hidden or unknown number: hidden callers cannot be labelled, because they are never one party"
    )]
    Hidden { input: String },
    #[error("cannot record the party in the case database: {0}")]
    Record(#[from] rusqlite::Error),
}

/// The key a number, account or name given on the command line stands for.
/// Numbers are normalised like imported ones; anything with letters is an
/// account or a name, kept as written.
pub fn key_for(input: &str, case: &Case) -> Option<String> {
    let input = input.trim();
    if input == SELF_KEY || input == "debtor" {
        return Some(SELF_KEY.to_owned());
    }
    phone::normalize(input, case.info().rules).party_key()
}

/// The id of the party with `key`, created (unlabelled) if new.
pub(crate) fn ensure(tx: &Transaction<'_>, key: &str) -> rusqlite::Result<i64> {
    tx.execute("INSERT OR IGNORE INTO party (key) VALUES (?1)", [key])?;
    tx.query_row("SELECT id FROM party WHERE key = ?1", [key], |r| r.get(0))
}

/// The debtor's own party, labelled as such.
pub(crate) fn ensure_self(tx: &Transaction<'_>) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT OR IGNORE INTO party (key, role) VALUES (?1, 'debtor')",
        [SELF_KEY],
    )?;
    tx.query_row("SELECT id FROM party WHERE key = ?1", [SELF_KEY], |r| {
        r.get(0)
    })
}

/// A change to one party; `None` fields are left as they are.
#[derive(Debug, Clone, Default)]
pub struct PartyUpdate {
    pub role: Option<Role>,
    pub name: Option<String>,
    pub group: Option<String>,
    /// Why the label is true; a change without one leaves the recorded
    /// basis as it is (none recorded: stated by the user).
    pub basis: Option<LabelBasis>,
}

/// Labels, names or groups the party a number or account stands for.
pub fn set(
    case: &mut Case,
    input: &str,
    update: &PartyUpdate,
    clock: &dyn Clock,
    actor: &str,
) -> Result<PartyRow, PartyError> {
    let key = key_for(input, case).ok_or_else(|| PartyError::Hidden {
        input: input.to_owned(),
    })?;
    set_key(case, &key, input, update, clock, actor)
}

/// Labels, names or groups the party with this stored key (as `list`
/// returns it: `tel:…`, `id:…`, `name:…`), which is never re-read as typed
/// input. `input` is what the audit entry records the user gave.
pub fn set_key(
    case: &mut Case,
    key: &str,
    input: &str,
    update: &PartyUpdate,
    clock: &dyn Clock,
    actor: &str,
) -> Result<PartyRow, PartyError> {
    let key = key.to_owned();
    let tx = case
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let id = ensure(&tx, &key)?;
    let before: (Option<String>, Option<String>, Option<String>) = tx.query_row(
        "SELECT role, name, group_name FROM party WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let role = update
        .role
        .map(|r| r.as_str().to_owned())
        .or(before.0.clone());
    let name = update.name.clone().or(before.1.clone());
    let group = update.group.clone().or(before.2.clone());
    // The earlier version stays provable: this entry records its hash.
    crate::case::rows::supersede(&tx, "party", id)?;
    tx.execute(
        "UPDATE party SET role = ?2, name = ?3, group_name = ?4 WHERE id = ?1",
        params![id, role, name, group],
    )?;
    let basis_before = basis_of(&tx, id)?;
    if let Some(b) = &update.basis {
        crate::case::rows::supersede(&tx, "party_basis", id)?;
        tx.execute(
            "INSERT INTO party_basis (party_id, basis, source) VALUES (?1, ?2, ?3)
             ON CONFLICT (party_id) DO UPDATE SET basis = ?2, source = ?3",
            params![id, b.basis.as_str(), b.source],
        )?;
    }
    let basis_after = update.basis.clone().or(basis_before.clone());
    let basis_json = |b: &Option<LabelBasis>| {
        b.as_ref()
            .map(|b| serde_json::json!({ "basis": b.basis.as_str(), "source": b.source }))
    };
    audit::append(
        &tx,
        clock.now(),
        actor,
        Action::PartySet,
        &serde_json::json!({
            "party": key,
            "input": input,
            "before": { "role": before.0, "name": before.1, "group": before.2, "basis": basis_json(&basis_before) },
            "after": { "role": role, "name": name, "group": group, "basis": basis_json(&basis_after) },
        }),
    )?;
    tx.commit()?;
    let row = case.conn().query_row(
        "SELECT p.id, p.key, p.role, p.name, p.group_name,
                (SELECT COUNT(*) FROM event e WHERE e.party_id = p.id),
                (SELECT COUNT(*) FROM event e WHERE e.owner_party = p.id)
         FROM party p WHERE p.id = ?1",
        [id],
        |r| {
            let role: Option<String> = r.get(2)?;
            Ok(PartyRow {
                id: r.get(0)?,
                key: r.get(1)?,
                role: role.as_deref().and_then(Role::parse),
                name: r.get(3)?,
                group: r.get(4)?,
                events: r.get::<_, i64>(5)? as u64,
                owned_events: r.get::<_, i64>(6)? as u64,
                basis: basis_after.clone(),
            })
        },
    )?;
    Ok(row)
}

/// The recorded basis of a party's label, if any.
fn basis_of(conn: &rusqlite::Connection, id: i64) -> rusqlite::Result<Option<LabelBasis>> {
    conn.query_row(
        "SELECT basis, source FROM party_basis WHERE party_id = ?1",
        [id],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
    )
    .optional()
    .map(|found| {
        found.and_then(|(basis, source)| {
            Some(LabelBasis {
                basis: Basis::parse(&basis)?,
                source,
            })
        })
    })
}

/// Every recorded label basis, by party id.
pub fn bases(
    conn: &rusqlite::Connection,
) -> rusqlite::Result<std::collections::HashMap<i64, LabelBasis>> {
    let mut stmt = conn.prepare("SELECT party_id, basis, source FROM party_basis")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut out = std::collections::HashMap::new();
    for row in rows {
        let (id, basis, source) = row?;
        if let Some(basis) = Basis::parse(&basis) {
            out.insert(id, LabelBasis { basis, source });
        }
    }
    Ok(out)
}

/// A party with what the case holds about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyRow {
    pub id: i64,
    pub key: String,
    pub role: Option<Role>,
    pub name: Option<String>,
    pub group: Option<String>,
    /// Events with this party on the other side.
    pub events: u64,
    /// Events recorded on this party's own phone.
    pub owned_events: u64,
    /// Why its label is true, where recorded (none: stated by the user).
    pub basis: Option<LabelBasis>,
}

/// Every party, by group, then role, then key.
pub fn list(case: &Case) -> rusqlite::Result<Vec<PartyRow>> {
    let conn = case.conn();
    // One pass over the events per count, not one per party: a case can
    // hold a million events and hundreds of numbers.
    let counts = |column: &str| -> rusqlite::Result<std::collections::HashMap<i64, u64>> {
        let mut stmt = conn.prepare(&format!(
            "SELECT {column}, COUNT(*) FROM event WHERE {column} IS NOT NULL GROUP BY {column}"
        ))?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?
            .collect()
    };
    let (events, owned) = (counts("party_id")?, counts("owner_party")?);
    let bases = bases(conn)?;
    let mut stmt = conn.prepare(
        "SELECT p.id, p.key, p.role, p.name, p.group_name
         FROM party p
         ORDER BY p.group_name IS NULL, p.group_name, p.role IS NULL, p.role, p.key",
    )?;
    stmt.query_map([], |r| {
        let role: Option<String> = r.get(2)?;
        let id: i64 = r.get(0)?;
        Ok(PartyRow {
            id,
            key: r.get(1)?,
            role: role.as_deref().and_then(Role::parse),
            name: r.get(3)?,
            group: r.get(4)?,
            events: events.get(&id).copied().unwrap_or(0),
            owned_events: owned.get(&id).copied().unwrap_or(0),
            basis: bases.get(&id).cloned(),
        })
    })?
    .collect()
}

/// The party id for a key, if the case knows it.
pub fn find(case: &Case, key: &str) -> rusqlite::Result<Option<i64>> {
    case.conn()
        .query_row("SELECT id FROM party WHERE key = ?1", [key], |r| r.get(0))
        .optional()
}

/// How a party's key reads to a person: the number itself, or the account.
pub fn display_key(key: &str) -> &str {
    key.strip_prefix("tel:")
        .or_else(|| key.strip_prefix("id:"))
        .or_else(|| key.strip_prefix("name:"))
        .unwrap_or(key)
}
