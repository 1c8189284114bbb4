//! The shapes of the Parties and Findings screens: parties and suspects,
//! labels set, paydays and written requests to stop, rules, findings and
//! their quotes, contradicted labels.

use super::*;

/// The parties screen.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PartiesData {
    pub parties: Vec<PartyDto>,
    pub suspects: Vec<SuspectDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PartyDto {
    pub key: String,
    /// The number or account as shown.
    pub display: String,
    pub name: Option<String>,
    #[ts(type = "Role | null")]
    pub role: Option<dossier_core::model::role::Role>,
    pub group: Option<String>,
    /// Why the label is true (absent: none recorded, which reads as stated
    /// by the user).
    #[ts(type = "LabelBasis | null")]
    pub basis: Option<dossier_core::people::party::Basis>,
    /// Where the basis is found, in the user's words.
    pub basis_source: Option<String>,
    pub events: u32,
    /// Events recorded on this party's phone.
    pub owned_events: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SuspectDto {
    /// The party key; absent for hidden numbers, which cannot be labelled.
    pub key: Option<String>,
    pub label: String,
    pub calls: u32,
    pub messages: u32,
    pub first: String,
    pub last: String,
    /// Each reason in words.
    pub reasons: Vec<String>,
}

/// Labels, names or groups one party or several (a merge gives them one
/// group).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PartySetRequest {
    pub keys: Vec<String>,
    /// Absent or null leaves the role as it is.
    #[ts(type = "Role | null")]
    pub role: Option<dossier_core::model::role::Role>,
    pub name: Option<String>,
    pub group: Option<String>,
    /// Absent or null leaves the basis as it is.
    #[ts(type = "LabelBasis | null")]
    pub basis: Option<dossier_core::people::party::Basis>,
    pub basis_source: Option<String>,
}

/// The borrower's paydays as typed: "15", "10,25", "10、25号"; empty
/// clears them.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PaydaysRequest {
    pub text: String,
}

/// A written request to stop contacting, as typed: the collector (one of
/// [`FindingsData::cease_collectors`]), the day it was received
/// ("2026-04-02", "2026年4月2日") and how that is known.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CeaseRequestDto {
    pub collector: String,
    pub received: String,
    pub source: Option<String>,
}

/// A written request to stop, as the case records it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CeaseDto {
    pub collector: String,
    /// YYYY-MM-DD.
    pub received: String,
    pub source: Option<String>,
}

/// Which request to take back.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CeaseWithdrawRequest {
    pub collector: String,
}

/// A party label some of its own records contradict.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContradictionDto {
    pub sentence: String,
    pub events: Vec<i64>,
    pub exhibits: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FindingsData {
    pub pack: String,
    pub pack_name: String,
    pub events: u32,
    pub collection_contacts: u32,
    pub rules: Vec<RuleDto>,
    /// Pattern facts (paydays, weekly trend) as sentences.
    pub patterns: Vec<String>,
    /// The borrower's paydays as the case records them (none: not given).
    pub paydays: Vec<i8>,
    /// Labels the records contradict: for the user to check, not findings.
    pub contradictions: Vec<ContradictionDto>,
    /// The borrower's written requests to stop, by collector.
    pub cease: Vec<CeaseDto>,
    /// Whether the pack has a rule that reads them (the US pack's
    /// 15 U.S.C. 1692c(c)).
    pub cease_rule: bool,
    /// The collectors a request may name: the case's labels.
    pub cease_collectors: Vec<String>,
    pub suspects: u32,
    /// What the [P]/[S] marks and the quote marks 〔…〕 mean, as the dossier
    /// prints it.
    pub legend: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RuleDto {
    pub id: String,
    pub title: String,
    pub explanation: String,
    /// P (primary law) or S (secondary: guidance, self-regulation).
    pub confidence: String,
    pub sources: Vec<String>,
    pub summary: Option<String>,
    pub findings: Vec<FindingDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FindingDto {
    pub sentence: String,
    pub at: String,
    pub count: u32,
    pub events: Vec<i64>,
    pub exhibits: Vec<i64>,
    pub quotes: Vec<QuoteDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuoteDto {
    pub event: i64,
    pub category: String,
    /// The category as the UI's language names it.
    pub category_name: String,
    /// The words that matched.
    pub words: String,
    /// The message (or its sentences) as quoted, matches marked 〔…〕.
    pub context: String,
}
