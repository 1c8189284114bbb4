//! What the case records about the people in it, as the user states it:
//! parties (numbers and accounts) with their roles, names and groups, the
//! borrower's paydays, and their written requests that a collector stop.
//! Each change is audited. Above the case, below evidence and analysis.

pub mod cease;
pub mod party;
pub mod payday;
