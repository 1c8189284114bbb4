//! What a party is to the case: the lender, its collection agency, a
//! collector, the debtor, or someone the debt is not theirs to hear of.

use crate::model::lang::Lang;

/// What a party is to the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Lender,
    Agency,
    Collector,
    Debtor,
    Guarantor,
    /// The debtor's husband or wife: a third party under China's rules,
    /// the consumer under the FDCPA (15 U.S.C. 1692c(d)).
    Spouse,
    Family,
    Friend,
    Colleague,
    Employer,
    Other,
}

impl Role {
    pub const ALL: [Role; 11] = [
        Role::Lender,
        Role::Agency,
        Role::Collector,
        Role::Debtor,
        Role::Guarantor,
        Role::Spouse,
        Role::Family,
        Role::Friend,
        Role::Colleague,
        Role::Employer,
        Role::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Lender => "lender",
            Role::Agency => "agency",
            Role::Collector => "collector",
            Role::Debtor => "debtor",
            Role::Guarantor => "guarantor",
            Role::Spouse => "spouse",
            Role::Family => "family",
            Role::Friend => "friend",
            Role::Colleague => "colleague",
            Role::Employer => "employer",
            Role::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// The role's name, as the CLI, the app and the dossier print it.
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, Role::Lender) => "贷款机构",
            (Lang::Zh, Role::Agency) => "催收机构",
            (Lang::Zh, Role::Collector) => "催收人员",
            (Lang::Zh, Role::Debtor) => "债务人",
            (Lang::Zh, Role::Guarantor) => "担保人",
            (Lang::Zh, Role::Spouse) => "配偶",
            (Lang::Zh, Role::Family) => "家人",
            (Lang::Zh, Role::Friend) => "朋友",
            (Lang::Zh, Role::Colleague) => "同事",
            (Lang::Zh, Role::Employer) => "工作单位",
            (Lang::Zh, Role::Other) => "其他人",
            (Lang::En, Role::Lender) => "lender",
            (Lang::En, Role::Agency) => "collection agency",
            (Lang::En, Role::Collector) => "collector",
            (Lang::En, Role::Debtor) => "debtor",
            (Lang::En, Role::Guarantor) => "guarantor",
            (Lang::En, Role::Spouse) => "spouse",
            (Lang::En, Role::Family) => "family",
            (Lang::En, Role::Friend) => "friend",
            (Lang::En, Role::Colleague) => "colleague",
            (Lang::En, Role::Employer) => "employer",
            (Lang::En, Role::Other) => "other",
        }
    }
}

super::text_form!(Role);
